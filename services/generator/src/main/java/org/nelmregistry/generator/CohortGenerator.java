package org.nelmregistry.generator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A seeded, reproducible synthetic NELM cohort: the same (cases, centres, seed, as-of) gives
 * the same cases, byte for byte. Each case has a stream of its own ({@code seed}, case number),
 * so a case's content does not depend on how the other cases were drawn.
 *
 * <p>What the cohort adds to each case's own realism (see {@link CaseFactory}): skewed centre
 * volumes (from a handful to several hundred cases), an outlier centre with markedly higher
 * 90-day mortality and one with a low R0 rate, the same patient treated at two centres (same
 * national id and country, another spelling of the name) and twins (same birth date and family
 * name, different national ids).
 *
 * <pre>{@code
 * for (GeneratedCase c : CohortGenerator.generate(400, 8, 42)) {
 *     submitAs(c.centreId(), c.body());
 * }
 * }</pre>
 */
public final class CohortGenerator {

    /** Data cut-off: no generated date lies after it (a fixed date keeps output reproducible). */
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2025, 12, 31);
    /** Index procedures start here. */
    public static final LocalDate EARLIEST_INDEX = LocalDate.of(2006, 1, 1);
    /** Markedly higher postoperative mortality at the mortality outlier centre. */
    public static final double OUTLIER_MORTALITY_FACTOR = 3.5;
    /** Lower chance of an R0 margin at the margin outlier centre. */
    public static final double OUTLIER_R0_FACTOR = 0.6;
    /** Largest to smallest centre volume. */
    static final double VOLUME_RATIO = 300;

    /** The parameters of a cohort. */
    public record Options(int cases, int centres, long seed, LocalDate asOf) {
        public Options {
            if (cases < 1 || centres < 1 || centres > 999) {
                throw new IllegalArgumentException("cases >= 1 and 1 <= centres <= 999");
            }
            if (asOf == null || !asOf.isAfter(EARLIEST_INDEX.plusYears(1))) {
                throw new IllegalArgumentException("as-of must lie after " + EARLIEST_INDEX.plusYears(1));
            }
        }
    }

    private CohortGenerator() {
    }

    public static List<GeneratedCase> generate(int cases, int centres, long seed) {
        return generate(new Options(cases, centres, seed, DEFAULT_AS_OF));
    }

    /** Centre ids C001, C002, ... */
    public static String centreId(int n) {
        return String.format("C%03d", n);
    }

    /** The case's local reference: stable per seed, so re-submitting a cohort updates nothing. */
    public static String localRef(long seed, String centreId, int caseNo) {
        return "GEN" + seed + "-" + centreId + "-" + String.format("%05d", caseNo);
    }

    /** The centre with markedly higher 90-day mortality, or null when the cohort has fewer than 5 centres. */
    public static String mortalityOutlier(int centres) {
        return centres >= 5 ? centreId(3) : null;
    }

    /** The centre with a low R0 rate, or null when the cohort has fewer than 8 centres. */
    public static String marginOutlier(int centres) {
        return centres >= 8 ? centreId(5) : null;
    }

    static LocalDate latestIndex(LocalDate asOf) {
        return asOf.minusDays(200);
    }

    /**
     * Cases per centre, C001 largest: geometric weights from the largest to about 1/300 of it,
     * at least two cases each when there are enough cases.
     */
    public static int[] centreVolumes(int cases, int centres) {
        int[] v = new int[centres];
        int min = Math.min(2, cases / centres);
        double r = centres == 1 ? 1 : Math.pow(1 / VOLUME_RATIO, 1.0 / (centres - 1));
        // the smallest centre's weight is zero, so it keeps the minimum
        double last = Math.pow(r, centres - 1);
        double total = 0;
        for (int i = 0; i < centres; i++) {
            total += Math.pow(r, i) - last;
        }
        int left = cases - min * centres;
        double[] share = new double[centres];
        int given = 0;
        for (int i = 0; i < centres; i++) {
            share[i] = total == 0 ? (double) left / centres : left * (Math.pow(r, i) - last) / total;
            v[i] = min + (int) Math.floor(share[i]);
            given += v[i];
        }
        // largest remainders get the cases rounding left over
        while (given < cases) {
            int best = 0;
            for (int i = 1; i < centres; i++) {
                if (share[i] - Math.floor(share[i]) > share[best] - Math.floor(share[best])) {
                    best = i;
                }
            }
            v[best]++;
            share[best] = Math.floor(share[best]);
            given++;
        }
        return v;
    }

    public static List<GeneratedCase> generate(Options o) {
        Rng cohort = Rng.of(o.seed(), -1);
        int n = o.cases();
        // centre of each case: the volumes, shuffled over case numbers
        int[] volumes = centreVolumes(n, o.centres());
        int[] centreOf = new int[n];
        int k = 0;
        for (int c = 0; c < volumes.length; c++) {
            for (int j = 0; j < volumes[c]; j++) {
                centreOf[k++] = c + 1;
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = cohort.between(0, i);
            int t = centreOf[i];
            centreOf[i] = centreOf[j];
            centreOf[j] = t;
        }
        // linked cases are built after the cases they derive from
        int dupPairs = n >= 20 && o.centres() >= 2 ? Math.max(1, n / 200) : 0;
        int twinPairs = n >= 20 ? Math.max(1, n / 600) : 0;
        Set<Integer> derived = new HashSet<>();
        List<Integer> dupTargets = new ArrayList<>();
        List<Integer> twinTargets = new ArrayList<>();
        while (dupTargets.size() < dupPairs) {
            int i = cohort.between(0, n - 1);
            if (derived.add(i)) {
                dupTargets.add(i);
            }
        }
        while (twinTargets.size() < twinPairs) {
            int i = cohort.between(0, n - 1);
            if (derived.add(i)) {
                twinTargets.add(i);
            }
        }

        CaseFactory.Built[] built = new CaseFactory.Built[n];
        for (int i = 0; i < n; i++) {
            if (!derived.contains(i)) {
                built[i] = CaseFactory.build(Rng.of(o.seed(), i), context(o, i, centreOf[i], null, null, null));
            }
        }
        Set<Integer> usedSources = new HashSet<>();
        for (int b : dupTargets) {
            // the same patient, seen again at another centre after the first centre's last contact
            int a = source(cohort, n, derived, usedSources, x -> centreOf[x] != centreOf[b] && !built[x].died()
                    && !built[x].lastContact().isAfter(latestIndex(o.asOf()).minusDays(180)));
            CaseFactory.Built src = a < 0 ? null : built[a];
            if (src == null) {
                built[b] = CaseFactory.build(Rng.of(o.seed(), b), context(o, b, centreOf[b], null, null, null));
                continue;
            }
            Rng r = Rng.of(o.seed(), b);
            CaseFactory.Identity id = src.identity();
            boolean respell = r.chance(0.7);
            CaseFactory.Identity same = new CaseFactory.Identity(respell ? Names.variant(id.familyName()) : id.familyName(),
                    respell && r.chance(0.5) ? id.givenName() : Names.variant(id.givenName()), id.birthDate(), id.sex(), id.nationalId(),
                    id.country());
            LocalDate index = src.lastContact().plusDays(r.between(30, 180));
            built[b] = CaseFactory.build(r, context(o, b, centreOf[b], same, index, src.tumour()));
        }
        for (int b : twinTargets) {
            // twins: same birth date and family name, another given name and national id; often one centre
            int a = source(cohort, n, derived, usedSources, x -> centreOf[x] == centreOf[b]);
            if (a < 0) {
                a = source(cohort, n, derived, usedSources, x -> true);
            }
            Rng r = Rng.of(o.seed(), b);
            if (a < 0) {
                built[b] = CaseFactory.build(r, context(o, b, centreOf[b], null, null, null));
                continue;
            }
            CaseFactory.Identity id = built[a].identity();
            Names.Pool pool = Names.pool(id.country());
            String sex = r.chance(0.5) ? "female" : "male";
            List<String> given = sex.equals("female") ? pool.female() : pool.male();
            String name = r.pick(given);
            if (name.equals(id.givenName())) {
                name = given.get((given.indexOf(name) + 1) % given.size());
            }
            CaseFactory.Identity twin = new CaseFactory.Identity(id.familyName(), name, id.birthDate(), sex,
                    CaseFactory.nationalId(id.country(), b + 1), id.country());
            LocalDate index = built[a].index().plusDays(r.between(-730, 730));
            if (index.isBefore(EARLIEST_INDEX)) {
                index = EARLIEST_INDEX;
            }
            if (index.isAfter(latestIndex(o.asOf()))) {
                index = latestIndex(o.asOf());
            }
            built[b] = CaseFactory.build(r, context(o, b, centreOf[b], twin, index, null));
        }
        List<GeneratedCase> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new GeneratedCase(centreId(centreOf[i]), built[i].body()));
        }
        return out;
    }

    private static int source(Rng r, int n, Set<Integer> derived, Set<Integer> used, java.util.function.IntPredicate ok) {
        int start = r.between(0, n - 1);
        for (int step = 0; step < n; step++) {
            int x = (start + step) % n;
            if (!derived.contains(x) && !used.contains(x) && ok.test(x)) {
                used.add(x);
                return x;
            }
        }
        return -1;
    }

    private static CaseFactory.Context context(Options o, int i, int centre, CaseFactory.Identity id, LocalDate index,
            CaseFactory.Tumour tumour) {
        String centreId = centreId(centre);
        return new CaseFactory.Context(o.seed(), i + 1, centreId, Names.COUNTRIES.get((centre - 1) % Names.COUNTRIES.size()),
                o.asOf(), EARLIEST_INDEX,
                centreId.equals(mortalityOutlier(o.centres())) ? OUTLIER_MORTALITY_FACTOR : 1.0,
                centreId.equals(marginOutlier(o.centres())) ? OUTLIER_R0_FACTOR : 1.0,
                id, index, tumour);
    }
}
