package org.nelmregistry.reporting.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.reporting.report.AnalyticCase;
import org.nelmregistry.reporting.report.AnalyticProcedure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The analytic store (analytic_cases, analytic_procedures) and its frozen copies (freeze_cases,
 * freeze_procedures): writes when a record arrives, and the filtered reads every report starts from.
 * Filtering happens here, in SQL; rows come back ordered by case pseudonym (procedures by seq), so
 * the same store gives the same report bytes.
 */
@ApplicationScoped
public class AnalyticRepository {

    /** The filters of every report; null = not filtered. Values are checked before they get here. */
    public record Filter(String procedureType, String whoGrade, String distributionType, String primarySite,
            String centreId, String consentScope, Integer indexYearFrom, Integer indexYearTo) {

        public static final Filter NONE = new Filter(null, null, null, null, null, null, null, null);

        public boolean isEmpty() {
            return equals(NONE);
        }

        /** The same filters for one centre (my-centre). */
        public Filter withCentre(String centre) {
            return new Filter(procedureType, whoGrade, distributionType, primarySite, centre, consentScope, indexYearFrom,
                    indexYearTo);
        }
    }

    /** Columns shared by analytic_cases and freeze_cases, in AnalyticCase order. */
    static final String CASE_COLUMNS = "case_pseudonym, patient_pseudonym, centre_id, index_year, age_at_index, sex, "
            + "consent_scope, primary_site, who_grade, distribution_type, index_procedure_type, index_procedure_intent, "
            + "death_90d, major_morbidity, phlf_bc, r0_resection, os_days, os_event, rfs_days, rfs_event";
    static final String PROCEDURE_COLUMNS = "case_pseudonym, seq, procedure_type, intent, day, death_90d, major_morbidity, "
            + "phlf_bc, r0_resection";
    private static final int FETCH = 5000;

    @Inject
    EntityManager em;

    private <T> T jdbc(org.hibernate.jdbc.ReturningWork<T> work) {
        // Hibernate's own connection, so these statements share the caller's transaction
        return em.unwrap(Session.class).doReturningWork(work);
    }

    /** Replaces the analytic rows of a case (its case_records row must exist). */
    public void replace(AnalyticCase c, String derivationVersion) {
        replaceAll(List.of(c), derivationVersion);
    }

    /**
     * Replaces the analytic rows of many cases (their case_records rows must exist): one delete and
     * two JDBC batches, which pgjdbc sends in one round trip each.
     */
    public void replaceAll(List<AnalyticCase> cs, String derivationVersion) {
        if (cs.isEmpty()) {
            return;
        }
        jdbc(conn -> {
            removeAll(conn, cs.stream().map(AnalyticCase::casePseudonym).toArray(String[]::new));
            try (PreparedStatement ins = conn.prepareStatement("INSERT INTO analytic_cases (" + CASE_COLUMNS
                    + ", derivation_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (AnalyticCase c : cs) {
                    int i = 0;
                    ins.setString(++i, c.casePseudonym());
                    ins.setString(++i, c.patientPseudonym());
                    ins.setString(++i, c.centreId());
                    ins.setInt(++i, c.indexYear());
                    setInt(ins, ++i, c.ageAtIndex());
                    ins.setString(++i, c.sex());
                    ins.setString(++i, c.consentScope());
                    ins.setString(++i, c.primarySite());
                    ins.setString(++i, c.whoGrade());
                    ins.setString(++i, c.distributionType());
                    ins.setString(++i, c.indexProcedureType());
                    ins.setString(++i, c.indexProcedureIntent());
                    setInt(ins, ++i, c.death90d());
                    setInt(ins, ++i, c.majorMorbidity());
                    setInt(ins, ++i, c.phlfBc());
                    setInt(ins, ++i, c.r0Resection());
                    setInt(ins, ++i, c.osDays());
                    setInt(ins, ++i, c.osEvent());
                    setInt(ins, ++i, c.rfsDays());
                    setInt(ins, ++i, c.rfsEvent());
                    ins.setString(++i, derivationVersion);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            if (cs.stream().anyMatch(c -> !c.procedures().isEmpty())) {
                try (PreparedStatement ins = conn.prepareStatement("INSERT INTO analytic_procedures (" + PROCEDURE_COLUMNS
                        + ") VALUES (?,?,?,?,?,?,?,?,?)")) {
                    for (AnalyticCase c : cs) {
                        for (AnalyticProcedure p : c.procedures()) {
                            int i = 0;
                            ins.setString(++i, c.casePseudonym());
                            ins.setInt(++i, p.seq());
                            ins.setString(++i, p.procedureType());
                            ins.setString(++i, p.intent());
                            ins.setInt(++i, p.day());
                            setInt(ins, ++i, p.death90d());
                            setInt(ins, ++i, p.majorMorbidity());
                            setInt(ins, ++i, p.phlfBc());
                            setInt(ins, ++i, p.r0Resection());
                            ins.addBatch();
                        }
                    }
                    ins.executeBatch();
                }
            }
            return null;
        });
    }

    /** Removes the analytic rows of cases whose record can no longer be derived. */
    public void removeAll(List<String> casePseudonyms) {
        if (!casePseudonyms.isEmpty()) {
            jdbc(conn -> removeAll(conn, casePseudonyms.toArray(String[]::new)));
        }
    }

    private static int removeAll(java.sql.Connection conn, String[] casePseudonyms) throws SQLException {
        try (PreparedStatement del = conn.prepareStatement("DELETE FROM analytic_cases WHERE case_pseudonym = ANY (?)")) {
            del.setArray(1, conn.createArrayOf("varchar", casePseudonyms));
            return del.executeUpdate(); // their procedures go with them (ON DELETE CASCADE)
        }
    }

    /**
     * The analytic store's version: moved by every write to case_records, the analytic tables and the freezes
     * (statement triggers of the V4 migration, once per transaction since V5), in the writing transaction, so it
     * changes when the data does.
     */
    public long version() {
        return jdbc(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT version FROM analytic_store_version WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("analytic_store_version has no row (migration V4)");
                }
                return rs.getLong(1);
            }
        });
    }

    /**
     * Bumps the store's version now (once per transaction, V5) and so holds its row to commit. Every
     * writer does this first — the consumer, the rebuild, the backfill, a freeze — so they all take
     * the version row before any table or row lock: one lock order, no deadlock between a batch and
     * another writer.
     */
    public static final String HOLD_VERSION = "UPDATE analytic_store_version SET version = version + 1, "
            + "bumped_by = pg_current_xact_id() WHERE id = 1 AND bumped_by IS DISTINCT FROM pg_current_xact_id()";

    public void holdVersion() {
        jdbc(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(HOLD_VERSION)) {
                return ps.executeUpdate();
            }
        });
    }

    /** Removes a case's analytic rows (when its record can no longer be derived). */
    public void remove(String casePseudonym) {
        removeAll(List.of(casePseudonym));
    }

    /**
     * The cases of the live store ({@code freezeId} null) or of a freeze, filtered, ordered by case
     * pseudonym; with their procedures when a report needs them, else with an empty list.
     */
    public List<AnalyticCase> find(UUID freezeId, Filter f, boolean withProcedures) {
        String cases = freezeId == null ? "analytic_cases" : "freeze_cases";
        String procs = freezeId == null ? "analytic_procedures" : "freeze_procedures";
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (freezeId != null) {
            where.append(" AND a.freeze_id = ?");
            params.add(freezeId);
        }
        filter(where, params, f);
        String caseSql = "SELECT " + prefixed(CASE_COLUMNS, "a") + " FROM " + cases + " a" + where + " ORDER BY a.case_pseudonym";
        String procSql = "SELECT " + prefixed(PROCEDURE_COLUMNS, "p") + " FROM " + procs + " p JOIN " + cases
                + " a ON a.case_pseudonym = p.case_pseudonym" + (freezeId == null ? "" : " AND a.freeze_id = p.freeze_id")
                + where + " ORDER BY p.case_pseudonym, p.seq";
        return jdbc(conn -> {
            Map<String, List<AnalyticProcedure>> byCase = withProcedures ? procedures(conn, procSql, params) : Map.of();
            List<AnalyticCase> out = new ArrayList<>();
            try (PreparedStatement ps = prepare(conn, caseSql, params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String cp = rs.getString(1);
                    out.add(new AnalyticCase(cp, rs.getString(2), rs.getString(3), rs.getInt(4), integer(rs, 5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), integer(rs, 13), integer(rs, 14), integer(rs, 15),
                            integer(rs, 16), integer(rs, 17), integer(rs, 18), integer(rs, 19), integer(rs, 20),
                            byCase.getOrDefault(cp, List.of())));
                }
            }
            return out;
        });
    }

    private static Map<String, List<AnalyticProcedure>> procedures(Connection conn, String sql, List<Object> params)
            throws SQLException {
        Map<String, List<AnalyticProcedure>> out = new HashMap<>();
        try (PreparedStatement ps = prepare(conn, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new AnalyticProcedure(rs.getInt(2),
                        rs.getString(3), rs.getString(4), rs.getInt(5), integer(rs, 6), integer(rs, 7), integer(rs, 8),
                        integer(rs, 9)));
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    /**
     * Completeness from the analytic side: per centre, the number of (filtered) cases and, for each
     * released field path ("section.field"), how many of them have it (a field of a repeated section:
     * in at least one entry). {@code paths} maps the field path to a JSON path over the record.
     */
    public Map<String, Map<String, Long>> fieldPresence(UUID freezeId, Filter f, Map<String, String> paths) {
        Map<String, FieldPath> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : paths.entrySet()) {
            FieldPath p = FieldPath.parse(e.getValue());
            if (p == null) {
                return fieldPresenceInSql(freezeId, f, paths);
            }
            parsed.put(e.getKey(), p);
        }
        return fieldPresenceInJava(freezeId, f, parsed);
    }

    /**
     * A completeness path of the form {@code $.section.field}, {@code $.section[*].field}, optionally ending in
     * {@code [*]} (an enum set: present when it has an element), evaluated as PostgreSQL's lax jsonpath does on
     * the records' shapes (a section is an object or an array of objects; {@code .field} looks into each element).
     */
    record FieldPath(String section, String field, boolean elements) {
        private static final Pattern SHAPE = Pattern.compile("\\$\\.(\\w+)(?:\\[\\*])?\\.(\\w+)(\\[\\*])?");

        static FieldPath parse(String path) {
            Matcher m = SHAPE.matcher(path);
            return m.matches() ? new FieldPath(m.group(1), m.group(2), m.group(3) != null) : null;
        }

        boolean presentIn(JsonNode record) {
            JsonNode s = record.get(section);
            if (s == null) {
                return false;
            }
            for (JsonNode item : s.isArray() ? s : List.of(s)) {
                JsonNode v = item.isObject() ? item.get(field) : null;
                if (v != null && (!elements || !v.isArray() || !v.isEmpty())) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One pass over the records, each parsed once. A jsonpath call per field and row in SQL (68 fields, each call
     * detoasting the record again) took 34 s at 100,000 cases, beyond the transaction timeout under load.
     */
    Map<String, Map<String, Long>> fieldPresenceInJava(UUID freezeId, Filter f, Map<String, FieldPath> paths) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        String sql;
        if (freezeId == null) {
            sql = "SELECT a.centre_id, r.record FROM analytic_cases a JOIN case_records r ON r.case_pseudonym = a.case_pseudonym";
        } else {
            sql = "SELECT a.centre_id, a.record FROM freeze_cases a";
            where.append(" AND a.freeze_id = ?");
            params.add(freezeId);
        }
        filter(where, params, f);
        // centres in the database's order, as the per-path query gave them
        String query = sql + where + " ORDER BY a.centre_id";
        return jdbc(conn -> {
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = prepare(conn, query, params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Long> row = out.computeIfAbsent(rs.getString(1), k -> {
                        Map<String, Long> r = new LinkedHashMap<>();
                        r.put("", 0L);
                        paths.keySet().forEach(name -> r.put(name, 0L));
                        return r;
                    });
                    row.merge("", 1L, Long::sum);
                    JsonNode record;
                    try {
                        record = EventJson.MAPPER.readTree(rs.getString(2));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("a stored record is not JSON", e);
                    }
                    for (Map.Entry<String, FieldPath> p : paths.entrySet()) {
                        if (p.getValue().presentIn(record)) {
                            row.merge(p.getKey(), 1L, Long::sum);
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The same counts with PostgreSQL's jsonpath, for a path {@link FieldPath} does not cover. */
    Map<String, Map<String, Long>> fieldPresenceInSql(UUID freezeId, Filter f, Map<String, String> paths) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        String from;
        String record;
        if (freezeId == null) {
            from = " FROM analytic_cases a JOIN case_records r ON r.case_pseudonym = a.case_pseudonym";
            record = "r.record";
        } else {
            // a freeze keeps the released record beside its analytic row
            from = " FROM freeze_cases a";
            record = "a.record";
            where.append(" AND a.freeze_id = ?");
            params.add(freezeId);
        }
        filter(where, params, f);
        StringBuilder select = new StringBuilder("SELECT a.centre_id, count(*)");
        List<String> names = new ArrayList<>(paths.keySet());
        List<Object> pathParams = new ArrayList<>();
        for (String name : names) {
            select.append(", count(*) FILTER (WHERE jsonb_path_exists(").append(record).append(", CAST(? AS jsonpath)))");
            pathParams.add(paths.get(name));
        }
        List<Object> all = new ArrayList<>(pathParams);
        all.addAll(params);
        String sql = select + from + where + " GROUP BY a.centre_id ORDER BY a.centre_id";
        return jdbc(conn -> {
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = prepare(conn, sql, all); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Long> row = new LinkedHashMap<>();
                    row.put("", rs.getLong(2));
                    for (int i = 0; i < names.size(); i++) {
                        row.put(names.get(i), rs.getLong(3 + i));
                    }
                    out.put(rs.getString(1), row);
                }
            }
            return out;
        });
    }

    /**
     * Up to {@code limit} stored cases after {@code after} (in pseudonym order) whose analytic row is
     * missing or was derived by another version.
     */
    public List<String> outdated(String version, String after, int limit) {
        return jdbc(conn -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT r.case_pseudonym FROM case_records r "
                    + "LEFT JOIN analytic_cases a ON a.case_pseudonym = r.case_pseudonym "
                    + "WHERE (a.case_pseudonym IS NULL OR a.derivation_version <> ?) AND r.case_pseudonym > ? "
                    + "ORDER BY r.case_pseudonym LIMIT ?")) {
                ps.setString(1, version);
                ps.setString(2, after);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Case pseudonyms of the live store last written before {@code before}. */
    public List<String> casePseudonymsUpdatedBefore(java.time.Instant before) {
        return jdbc(conn -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT case_pseudonym FROM case_records WHERE updated_at < ? ORDER BY case_pseudonym")) {
                ps.setObject(1, java.time.OffsetDateTime.ofInstant(before, java.time.ZoneOffset.UTC));
                ps.setFetchSize(FETCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** The report filters as SQL over the case table aliased {@code a}. */
    static void filter(StringBuilder where, List<Object> params, Filter f) {
        eq(where, params, "index_procedure_type", f.procedureType());
        eq(where, params, "who_grade", f.whoGrade());
        eq(where, params, "distribution_type", f.distributionType());
        eq(where, params, "primary_site", f.primarySite());
        eq(where, params, "centre_id", f.centreId());
        eq(where, params, "consent_scope", f.consentScope());
        if (f.indexYearFrom() != null) {
            where.append(" AND a.index_year >= ?");
            params.add(f.indexYearFrom());
        }
        if (f.indexYearTo() != null) {
            where.append(" AND a.index_year <= ?");
            params.add(f.indexYearTo());
        }
    }

    private static void eq(StringBuilder where, List<Object> params, String column, String value) {
        if (value != null) {
            where.append(" AND a.").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static String prefixed(String columns, String alias) {
        StringBuilder sb = new StringBuilder();
        for (String c : columns.split(",\\s*")) {
            sb.append(sb.isEmpty() ? "" : ", ").append(alias).append('.').append(c);
        }
        return sb.toString();
    }

    private static PreparedStatement prepare(Connection conn, String sql, List<Object> params) throws SQLException {
        return Jdbc.prepare(conn, sql, params, FETCH);
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static Integer integer(ResultSet rs, int i) throws SQLException {
        return Jdbc.integer(rs, i);
    }
}
