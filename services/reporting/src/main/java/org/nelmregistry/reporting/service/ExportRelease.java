package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.reporting.export.ColumnType;
import org.nelmregistry.reporting.export.ExportColumn;
import org.nelmregistry.reporting.export.ExportTables;
import org.nelmregistry.reporting.repository.ExportRepository;
import org.nelmregistry.risk.Generalisation;
import org.nelmregistry.risk.ReleaseRisk;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an export releases of its quasi-identifiers (age at index, sex, country, index year, primary
 * site, centre): without {@code k}, everything as stored, with the release-risk report of the shared
 * library over the case rows; with {@code k}, the lowest level of the fixed hierarchy
 * ({@link Generalisation}) that suppresses at most {@code maxSuppressedShare} of the records (else the
 * top level), then the records still in classes below k are suppressed from every table.
 * Classes are counted while the rows stream by, keyed by a 64-bit hash of their values, so a
 * million-case export needs no list of its records.
 */
public record ExportRelease(Generalisation generalisation, Integer k, Set<String> suppressed, ReleaseRisk.Report report) {

    private static final Generalisation NONE = new Generalisation(0, Set.of());

    /**
     * An export without {@code k} that writes its {@code cases} table needs no pass of its own: its
     * classes are counted from the case rows as they are written ({@link Counter}), the report is
     * added at the end ({@link #withReport}).
     */
    public static ExportRelease asStored() {
        return new ExportRelease(NONE, null, Set.of(), null);
    }

    public ExportRelease withReport(ReleaseRisk.Report counted) {
        return new ExportRelease(generalisation, k, suppressed, counted);
    }

    /** Counts the equivalence classes of case rows (as read for the {@code cases} table) as they stream by. */
    public static final class Counter {
        private final int[] at;
        private final Map<Long, Integer> classes = new HashMap<>();

        public Counter(List<ExportColumn> read) {
            List<String> names = read.stream().map(ExportColumn::name).toList();
            // the level-0 quasi-identifiers, in QuasiRow's order: the names the risk report lists
            at = NONE.quasiIdentifiers().stream().mapToInt(names::indexOf).toArray();
            if (java.util.Arrays.stream(at).anyMatch(i -> i < 0)) {
                throw new IllegalStateException("the cases table lacks a quasi-identifier: " + names);
            }
        }

        public void add(Object[] values) {
            ExportRepository.QuasiRow r = new ExportRepository.QuasiRow(null, (Integer) values[at[0]], (String) values[at[1]],
                    (String) values[at[2]], (Integer) values[at[3]], (String) values[at[4]], (String) values[at[5]]);
            classes.merge(key(NONE, r), 1, Integer::sum);
        }

        public ReleaseRisk.Report report() {
            return ReleaseRisk.ofClasses(NONE.quasiIdentifiers(), classes.values(), ReleaseRisk.DEFAULT_K);
        }
    }

    public static ExportRelease assess(ExportRepository.Snapshot snapshot, Integer k, double maxSuppressedShare)
            throws SQLException {
        Map<String, Integer> sites = new HashMap<>();
        Map<Long, Integer> level0 = new HashMap<>();
        snapshot.quasiIdentifiers(r -> {
            sites.merge(String.valueOf(r.primarySite()), 1, Integer::sum);
            level0.merge(key(NONE, r), 1, Integer::sum);
        });
        if (k == null) {
            return new ExportRelease(NONE, null, Set.of(),
                    ReleaseRisk.ofClasses(NONE.quasiIdentifiers(), level0.values(), ReleaseRisk.DEFAULT_K));
        }
        Set<String> rare = new TreeSet<>();
        sites.forEach((site, n) -> {
            if (n < k && !site.equals(Generalisation.OTHER_SITE) && !site.equals("null")) {
                rare.add(site);
            }
        });
        List<Generalisation> levels = new ArrayList<>();
        List<Map<Long, Integer>> classes = new ArrayList<>();
        for (int l = 0; l <= Generalisation.TOP; l++) {
            levels.add(new Generalisation(l, rare));
            classes.add(l == 0 ? level0 : new HashMap<>());
        }
        snapshot.quasiIdentifiers(r -> {
            for (int l = 1; l <= Generalisation.TOP; l++) {
                classes.get(l).merge(key(levels.get(l), r), 1, Integer::sum);
            }
        });
        long records = level0.values().stream().mapToLong(Integer::longValue).sum();
        int chosen = Generalisation.TOP;
        for (int l = 0; l <= Generalisation.TOP; l++) {
            long below = classes.get(l).values().stream().filter(n -> n < k).mapToLong(Integer::longValue).sum();
            if (records == 0 || (double) below / records <= maxSuppressedShare) {
                chosen = l;
                break;
            }
        }
        Generalisation g = levels.get(chosen);
        Map<Long, Integer> sizes = classes.get(chosen);
        Set<String> suppressed = new HashSet<>();
        snapshot.quasiIdentifiers(r -> {
            if (sizes.get(key(g, r)) < k) {
                suppressed.add(r.casePseudonym());
            }
        });
        List<Integer> released = sizes.values().stream().filter(n -> n >= k).toList();
        return new ExportRelease(g, k, Set.copyOf(suppressed), ReleaseRisk.ofClasses(g.quasiIdentifiers(), released, k));
    }

    /** The columns as written: generalised age and year become text (bands, periods). */
    public List<ExportColumn> columns(List<ExportColumn> read) {
        if (!generalisation.generalises() || read.isEmpty() || !read.get(0).table().equals(ExportTables.CASES)) {
            return read;
        }
        List<String> rules = generalisation.description();
        return read.stream().map(c -> switch (c.name()) {
            case "age_at_index" -> new ExportColumn(c.table(), c.name(), ColumnType.STRING, c.unit(), c.values(), c.privacy(),
                    c.derivation() + "; generalised: " + rules.get(0), c.source());
            case "index_year" -> new ExportColumn(c.table(), c.name(), ColumnType.STRING, c.unit(), c.values(), c.privacy(),
                    c.derivation() + "; generalised: " + rules.get(1), c.source());
            case "primary_site" -> new ExportColumn(c.table(), c.name(), c.type(), c.unit(), c.values(), c.privacy(),
                    c.derivation() + "; generalised: " + rules.get(2), c.source());
            default -> c;
        }).toList();
    }

    /** The released columns of each exported table, for the codebook. */
    public Map<String, List<ExportColumn>> columnsOf(ExportTables tables, List<String> names) {
        Map<String, List<ExportColumn>> out = new LinkedHashMap<>();
        for (String t : names) {
            out.put(t, columns(tables.columns(t)));
        }
        return out;
    }

    /** Replaces age, year and site of a case row (read with {@code read}) by their released values. */
    public void generalise(List<ExportColumn> read, Object[] values) {
        if (!generalisation.generalises()) {
            return;
        }
        for (int i = 0; i < read.size(); i++) {
            switch (read.get(i).name()) {
                case "age_at_index" -> values[i] = generalisation.age((Integer) values[i]);
                case "index_year" -> values[i] = generalisation.indexYear((Integer) values[i]);
                case "primary_site" -> values[i] = generalisation.primarySite((String) values[i]);
                default -> {
                }
            }
        }
    }

    /** risk.json: the library's report, and what was generalised and suppressed to reach it. */
    public ObjectNode riskJson(ObjectMapper json) {
        ObjectNode out = json.valueToTree(report);
        out.put("k_requested", k);
        out.put("generalisation_level", generalisation.level());
        out.set("generalised", json.valueToTree(generalisation.description()));
        out.put("suppressed_records", suppressed.size());
        return out;
    }

    /** FNV-1a over the released quasi-identifier values: equal values, equal class. */
    static long key(Generalisation g, ExportRepository.QuasiRow r) {
        long h = 0xcbf29ce484222325L;
        for (String v : new String[] {g.age(r.age()), r.sex(), r.country(), g.indexYear(r.indexYear()),
                g.primarySite(r.primarySite()), r.centreId()}) {
            byte[] b = (v == null ? "\u0000" : v).getBytes(StandardCharsets.UTF_8);
            for (byte x : b) {
                h ^= x & 0xff;
                h *= 0x100000001b3L;
            }
            h ^= 0x1f; // separator
            h *= 0x100000001b3L;
        }
        return h;
    }
}
