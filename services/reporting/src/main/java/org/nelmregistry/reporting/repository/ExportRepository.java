package org.nelmregistry.reporting.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.nelmregistry.reporting.ExportDownload;
import org.nelmregistry.reporting.export.ColumnType;
import org.nelmregistry.reporting.export.ExportColumn;
import org.nelmregistry.reporting.export.ExportTables;
import org.nelmregistry.reporting.form.FormCodes;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The SQL of analyst exports. An export's scope is fixed when it starts ({@code export_cases}); its
 * tables are then read from one repeatable-read snapshot through a cursor, one row at a time, with
 * the released fields picked out of the stored record by PostgreSQL — the service never holds a table.
 * Live exports read the analytic store and the latest records; a freeze export reads the freeze.
 */
@ApplicationScoped
public class ExportRepository {

    private static final int FETCH = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;

    private <T> T jdbc(org.hibernate.jdbc.ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }

    /** Where an export reads from: the live store, or a freeze. */
    private record Source(String from, String record, String formVersion, String policyVersion, String keyId,
            String procedureJoin, List<Object> params) {

        static Source of(UUID freezeId) {
            if (freezeId == null) {
                return new Source(" FROM export_cases e JOIN analytic_cases a ON a.case_pseudonym = e.case_pseudonym"
                        + " JOIN case_records r ON r.case_pseudonym = e.case_pseudonym", "r.record", "r.form_version",
                        "r.policy_version", "r.key_id",
                        " LEFT JOIN analytic_procedures p ON p.case_pseudonym = e.case_pseudonym AND p.seq = x.seq", List.of());
            }
            return new Source(" FROM export_cases e JOIN freeze_cases a ON a.freeze_id = ? AND a.case_pseudonym = e.case_pseudonym",
                    "a.record", "a.form_version", "a.policy_version", "a.key_id",
                    " LEFT JOIN freeze_procedures p ON p.freeze_id = a.freeze_id AND p.case_pseudonym = e.case_pseudonym"
                            + " AND p.seq = x.seq", List.of(freezeId));
        }
    }

    /**
     * Fixes the scope of an export in the caller's transaction: the research-consented cases of the
     * live store or of a freeze that pass the filters. Returns how many.
     */
    public int snapshotScope(UUID exportId, UUID freezeId, AnalyticRepository.Filter filter, String consentScope) {
        List<Object> params = new ArrayList<>();
        params.add(exportId);
        StringBuilder where = new StringBuilder(" WHERE a.consent_scope = ?");
        params.add(consentScope);
        if (freezeId != null) {
            where.append(" AND a.freeze_id = ?");
            params.add(freezeId);
        }
        AnalyticRepository.filter(where, params, filter);
        String sql = "INSERT INTO export_cases (export_id, case_pseudonym) SELECT ?, a.case_pseudonym FROM "
                + (freezeId == null ? "analytic_cases" : "freeze_cases") + " a" + where
                // in key order, the scope's index entries are appended page by page instead of scattered
                + " ORDER BY a.case_pseudonym";
        return jdbc(conn -> {
            try (PreparedStatement ps = prepare(conn, sql, params)) {
                return ps.executeUpdate();
            }
        });
    }

    /** Marks records that k-anonymity suppresses: they leave every table of the export. */
    public void suppress(UUID exportId, Collection<String> casePseudonyms) {
        jdbc(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE export_cases SET suppressed = true WHERE export_id = ? AND case_pseudonym = ?")) {
                int n = 0;
                for (String cp : casePseudonyms) {
                    ps.setObject(1, exportId);
                    ps.setString(2, cp);
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * A withdrawal: every export whose file holds the case expires now (its file is deleted by the
     * sweep) and forgets the case. Returns the ids of the exports that expired.
     */
    public List<UUID> expireContaining(String casePseudonym, Instant now) {
        return jdbc(conn -> {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("UPDATE export_jobs SET expires_at = ? WHERE id IN "
                    + "(SELECT export_id FROM export_cases WHERE case_pseudonym = ? AND NOT suppressed) "
                    + "AND (expires_at IS NULL OR expires_at > ?) RETURNING id")) {
                ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.setString(2, casePseudonym);
                ps.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM export_cases WHERE case_pseudonym = ?")) {
                ps.setString(1, casePseudonym);
                ps.executeUpdate();
            }
            return ids;
        });
    }

    /** Forgets the scope of an export whose file is gone. */
    public void forgetScope(UUID exportId) {
        jdbc(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM export_cases WHERE export_id = ?")) {
                ps.setObject(1, exportId);
                return ps.executeUpdate();
            }
        });
    }

    /** Records a download of an export's file or codebook. */
    public void recordDownload(UUID exportId, String user, String what, Instant at) {
        jdbc(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO export_downloads (export_id, user_id, what, downloaded_at) VALUES (?, ?, ?, ?)")) {
                ps.setObject(1, exportId);
                ps.setString(2, user);
                ps.setString(3, what);
                ps.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                return ps.executeUpdate();
            }
        });
    }

    /** The downloads of an export, oldest first: {@code [user, what, at]}. */
    public List<ExportDownload> downloads(UUID exportId) {
        return jdbc(conn -> {
            List<ExportDownload> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT user_id, what, downloaded_at FROM export_downloads "
                    + "WHERE export_id = ? ORDER BY downloaded_at, id")) {
                ps.setObject(1, exportId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ExportDownload(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    /** A row of a table: the case it belongs to and its values in column order. */
    public interface RowSink {
        void row(String casePseudonym, Object[] values) throws IOException;
    }

    /** The quasi-identifiers of a case as released before generalisation. */
    public record QuasiRow(String casePseudonym, Integer age, String sex, String country, Integer indexYear,
            String primarySite, String centreId) {
    }

    public interface QuasiSink {
        void row(QuasiRow row);
    }

    /** What an export's codebook reports of the records it holds. */
    public record RecordVersions(List<Integer> formVersions, List<Integer> policyVersions, List<String> keyIds) {
    }

    /** Opens a read-only, repeatable-read snapshot for reading one export (close it when done). */
    public Snapshot snapshot(UUID exportId, UUID freezeId) {
        try {
            Connection conn = dataSource.getConnection();
            try {
                conn.setAutoCommit(false);
                conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                conn.setReadOnly(true);
                return new Snapshot(conn, exportId, Source.of(freezeId));
            } catch (SQLException e) {
                conn.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the export's snapshot", e);
        }
    }

    /** One export's consistent view of its rows (a dedicated connection in one read-only transaction). */
    public static final class Snapshot implements AutoCloseable {

        private final Connection conn;
        private final UUID exportId;
        private final Source source;

        private Snapshot(Connection conn, UUID exportId, Source source) {
            this.conn = conn;
            this.exportId = exportId;
            this.source = source;
        }

        private List<Object> params() {
            List<Object> p = new ArrayList<>(source.params());
            p.add(exportId);
            return p;
        }

        /** Every case of the scope (suppressed or not) with its quasi-identifiers, in pseudonym order. */
        public void quasiIdentifiers(QuasiSink sink) throws SQLException {
            String sql = "SELECT e.case_pseudonym, a.age_at_index, a.sex, " + source.record() + "->'" + FormCodes.COUNTRY.section()
                    + "'->>'" + FormCodes.COUNTRY.code() + "', "
                    + "a.index_year, a.primary_site, a.centre_id" + source.from() + " WHERE e.export_id = ? ORDER BY e.case_pseudonym";
            try (PreparedStatement ps = prepare(conn, sql, params()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.row(new QuasiRow(rs.getString(1), integer(rs, 2), rs.getString(3), rs.getString(4), integer(rs, 5),
                            rs.getString(6), rs.getString(7)));
                }
            }
        }

        /** Form versions, policy versions and key ids of the released records. */
        public RecordVersions versions() throws SQLException {
            String sql = "SELECT DISTINCT " + source.formVersion() + ", " + source.policyVersion() + ", " + source.keyId()
                    + source.from() + " WHERE e.export_id = ? AND NOT e.suppressed";
            TreeSet<Integer> forms = new TreeSet<>();
            TreeSet<Integer> policies = new TreeSet<>();
            TreeSet<String> keys = new TreeSet<>();
            try (PreparedStatement ps = prepare(conn, sql, params()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    forms.add(rs.getInt(1));
                    Integer p = integer(rs, 2);
                    if (p != null) {
                        policies.add(p);
                    }
                    if (rs.getString(3) != null) {
                        keys.add(rs.getString(3));
                    }
                }
            }
            return new RecordVersions(List.copyOf(forms), List.copyOf(policies), List.copyOf(keys));
        }

        /** Streams one table's rows (released cases only), ordered by case and seq. */
        public void table(String table, List<ExportColumn> columns, RowSink sink) throws SQLException, IOException {
            Object[] values = new Object[columns.size()];
            try (PreparedStatement ps = prepare(conn, tableSql(table, columns, source), params()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = value(columns.get(i).type(), rs, i + 2);
                    }
                    sink.row(rs.getString(1), values);
                }
            }
        }

        @Override
        public void close() {
            try (conn) {
                conn.rollback(); // read-only: nothing to keep
            } catch (SQLException e) {
                // the connection is closed either way
            }
        }
    }

    /**
     * The SQL of one table of an export (parameters: the freeze id for a freeze export, then the
     * export id): the case pseudonym, then one expression per column, ordered by case and seq.
     * Public so the export benchmark can time PostgreSQL's own COPY of exactly these rows.
     */
    public static String tableSql(String table, List<ExportColumn> columns, boolean fromFreeze) {
        return tableSql(table, columns, Source.of(fromFreeze ? new UUID(0, 0) : null));
    }

    private static String tableSql(String table, List<ExportColumn> columns, Source source) {
        boolean cases = table.equals(ExportTables.CASES);
        StringBuilder select = new StringBuilder("SELECT e.case_pseudonym");
        for (ExportColumn c : columns) {
            select.append(", ").append(expression(c, cases, source));
        }
        String from = source.from();
        if (cases) {
            // the (compressed, toasted) record is read once per row, not once per section or field:
            // jsonb_to_record takes every section the table needs out of one decompressed copy
            List<String> sections = columns.stream().filter(c -> c.source().kind() == ExportColumn.Source.Kind.RECORD)
                    .map(c -> c.source().section()).distinct().toList();
            if (!sections.isEmpty()) {
                from += " CROSS JOIN LATERAL jsonb_to_record(" + source.record() + ") AS sec(" + String.join(", ", sections.stream()
                        .map(sec -> quoted(sec) + " jsonb").toList()) + ")";
            }
        } else {
            // as above: the record once per row (the array is named twice below)
            from += " CROSS JOIN LATERAL jsonb_to_record(" + source.record() + ") AS sec(" + quoted(table) + " jsonb)";
            String array = "sec." + quoted(table);
            String elements = "jsonb_array_elements(CASE WHEN jsonb_typeof(" + array + ") = 'array' THEN " + array
                    + " ELSE '[]'::jsonb END)";
            if (table.equals(ExportTables.PROCEDURES)) {
                // seq in date order, ties in the order listed: the numbering of the analytic store
                from += " CROSS JOIN LATERAL (SELECT y.elem, row_number() OVER (ORDER BY (y.elem->>'"
                        + FormCodes.PROCEDURE_DATE.code() + "')::int, y.ord) AS seq"
                        + " FROM " + elements + " WITH ORDINALITY AS y(elem, ord)) x" + source.procedureJoin();
            } else {
                from += " CROSS JOIN LATERAL " + elements + " WITH ORDINALITY AS x(elem, seq)";
            }
        }
        return select + from + " WHERE e.export_id = ? AND NOT e.suppressed ORDER BY e.case_pseudonym" + (cases ? "" : ", x.seq");
    }

    private static String expression(ExportColumn c, boolean cases, Source source) {
        return switch (c.source().kind()) {
            case SEQ -> "x.seq";
            case KEY -> c.name().equals("form_version") ? source.formVersion() : "a." + c.source().field();
            case DERIVED -> (cases ? "a." : "p.") + c.source().field();
            case RECORD -> {
                String node = cases ? "sec." + quoted(c.source().section()) : "x.elem";
                yield node + (c.type() == ColumnType.ENUM_SET ? "->'" : "->>'") + c.source().field() + "'";
            }
        };
    }

    /** A cell as its column type: record fields arrive as JSON text, store columns as SQL values. */
    private static Object value(ColumnType type, ResultSet rs, int i) throws SQLException {
        String s = rs.getString(i);
        if (s == null) {
            return null;
        }
        return switch (type) {
            case STRING, ENUM -> s;
            case INTEGER -> Integer.valueOf(s.contains(".") ? new BigDecimal(s).intValueExact() : Integer.parseInt(s));
            case DECIMAL -> new BigDecimal(s);
            case BOOLEAN -> Boolean.valueOf(s);
            case ENUM_SET -> {
                try {
                    String[] codes = JSON.readValue(s, String[].class);
                    yield codes == null || codes.length == 0 ? null : Arrays.asList(codes);
                } catch (IOException e) {
                    throw new IllegalStateException("an enum-set is not a JSON array of codes", e);
                }
            }
        };
    }

    /** A section code as a column name of jsonb_to_record (the form's codes are lower-case words). */
    private static String quoted(String code) {
        if (!code.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a section code: " + code);
        }
        return "\"" + code + "\"";
    }

    private static PreparedStatement prepare(Connection conn, String sql, List<Object> params) throws SQLException {
        return Jdbc.prepare(conn, sql, params, FETCH);
    }

    private static Integer integer(ResultSet rs, int i) throws SQLException {
        return Jdbc.integer(rs, i);
    }

    /** Export jobs that expired but still have a file or a scope, oldest first. */
    public List<UUID> expiredWithFiles(Instant now, int limit) {
        return jdbc(conn -> {
            List<UUID> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM export_jobs WHERE expires_at <= ? AND expired_at IS NULL "
                    + "ORDER BY expires_at LIMIT ?")) {
                ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return out;
        });
    }
}
