package org.nelmregistry.reporting.report;

import org.nelmregistry.reporting.form.FormCodes;
import org.nelmregistry.statistics.Funnel;
import org.nelmregistry.statistics.FunnelLimits;
import org.nelmregistry.statistics.Interval;
import org.nelmregistry.statistics.KaplanMeier;
import org.nelmregistry.statistics.KaplanMeierFit;
import org.nelmregistry.statistics.KmPoint;
import org.nelmregistry.statistics.KmStep;
import org.nelmregistry.statistics.LogRank;
import org.nelmregistry.statistics.LogRankResult;
import org.nelmregistry.statistics.Proportions;
import org.nelmregistry.statistics.SurvivalObservation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report computations with disclosure control (pure functions; docs/disclosure-control.md). {@code cases} are
 * the filtered cases of the requested store; {@code population} the unfiltered cases of the same store, used so that
 * a filtered request never shows what the unfiltered table withholds, nor a count that differs from the same count
 * of a request with fewer filters by 1–4.
 */
public final class Reports {

    public static final Set<String> INDICATORS = Set.copyOf(FormCodes.PER_PROCEDURE_OUTCOMES);
    public static final Set<String> UNITS = Set.of("case", "procedure");
    public static final Set<String> ENDPOINTS = Set.of("os", "rfs");
    public static final String ALPPS_BENCHMARKS = "alpps_benchmarks";
    /** procedure_groups.final_resective_step of the case report form. */
    public static final Set<String> FINAL_RESECTIVE_STEP = Set.of("minor_hepatectomy", "major_hepatectomy",
            "parenchymal_sparing_resection", "two_stage_stage2", "alpps_stage2", "debulking");
    public static final double YEAR_DAYS = 365.25;
    public static final int[] AT_RISK_YEARS = {0, 1, 2, 3, 5};
    public static final int[] SURVIVAL_YEARS = {1, 3, 5};
    static final double CONFIDENCE = 0.95;
    static final int MAX_CURVE_POINTS = 200;

    private Reports() {
    }

    // ------------------------------------------------------------------ summary

    public static SummaryReport summary(List<AnalyticCase> cases, List<AnalyticCase> population, List<String> by, Viewer v) {
        Protector t = summaryTable(node(cases, population), by, v, new IdentityHashMap<>());
        int nd = by.size();
        List<SummaryCell> cells = new ArrayList<>();
        List<SummaryCell> margins = new ArrayList<>();
        for (Protector.Member m : t.members()) {
            if (m.key.isEmpty()) {
                continue;
            }
            Map<String, String> dims = parseKey(m.key);
            SummaryCell cell = new SummaryCell(jsonDims(dims), m.hidden ? null : m.count, m.hidden);
            if (dims.size() == nd) {
                cells.add(cell);
            }
            if (dims.size() == 1) {
                margins.add(cell);
            }
        }
        Protector.Member total = t.get("");
        Count tc = total == null ? Count.shown(0) : total.hidden ? Count.HIDDEN : Count.shown(total.count);
        return new SummaryReport(List.copyOf(by), cells, margins, tc);
    }

    /** Summary counts of a case set, keyed "dim=value|dim=value" (cells), "dim=value" (margins), "" (total). */
    private static Protector summaryTable(Lineage.Node node, List<String> by, Viewer v,
            Map<Lineage.Node, Protector> memo) {
        Protector done = memo.get(node);
        if (done != null) {
            return done;
        }
        Protector t = new Protector(v);
        // sorted, so that ties in complementary suppression resolve the same way whatever the order of the cases
        TreeMap<String, List<AnalyticCase>> byCell = new TreeMap<>();
        for (AnalyticCase c : node.cases()) {
            byCell.computeIfAbsent(cellKey(c, by), k -> new ArrayList<>()).add(c);
        }
        TreeMap<String, TreeSet<String>> marginCells = new TreeMap<>();
        t.member("");
        for (Map.Entry<String, List<AnalyticCase>> e : byCell.entrySet()) {
            for (AnalyticCase c : e.getValue()) {
                Set<String> keys = new java.util.LinkedHashSet<>();
                keys.add(e.getKey());
                for (String d : by) {
                    keys.add(d + "=" + Dimensions.value(c, d));
                }
                keys.add("");
                for (String k : keys) {
                    t.add(k, c.centreId());
                }
            }
            if (by.size() > 1) {
                for (String d : by) {
                    marginCells.computeIfAbsent(d + "=" + Dimensions.value(e.getValue().get(0), d), k -> new TreeSet<>())
                            .add(e.getKey());
                }
            }
        }
        if (by.size() > 1) {
            for (Map.Entry<String, TreeSet<String>> e : marginCells.entrySet()) {
                t.line(e.getKey(), e.getValue());
            }
            for (String d : by) {
                t.line("", marginCells.keySet().stream().filter(k -> k.startsWith(d + "=")).toList());
            }
        } else {
            t.line("", byCell.keySet());
        }
        List<Protector> anc = new ArrayList<>();
        for (Lineage.Node a : node.ancestors()) {
            anc.add(summaryTable(a, by, v, memo));
        }
        t.protect(anc, Set.of());
        memo.put(node, t);
        return t;
    }

    private static String cellKey(AnalyticCase c, List<String> by) {
        StringBuilder sb = new StringBuilder();
        for (String d : by) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append(d).append('=').append(Dimensions.value(c, d));
        }
        return sb.toString();
    }

    private static Map<String, String> parseKey(String key) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : key.split("\\|")) {
            int i = part.indexOf('=');
            m.put(part.substring(0, i), part.substring(i + 1));
        }
        return m;
    }

    /** index_year as a number; procedure_type also as index_procedure_type (the field name of the first summary). */
    private static Map<String, Object> jsonDims(Map<String, String> dims) {
        Map<String, Object> out = new LinkedHashMap<>();
        dims.forEach((d, val) -> {
            if (d.equals("index_year")) {
                out.put(d, Integer.valueOf(val));
            } else {
                out.put(d, val);
            }
            if (d.equals("procedure_type")) {
                out.put("index_procedure_type", val);
            }
        });
        return out;
    }

    static Lineage.Node node(List<AnalyticCase> cases, List<AnalyticCase> population) {
        return new Lineage.Node(cases, Lineage.ancestors(cases, population));
    }

    // ------------------------------------------------------------------ outcomes

    /** One unit of analysis: a case, or one procedure of a case. */
    private record Unit(AnalyticCase c, AnalyticProcedure p) {
    }

    private record GroupTally(int numerator, int denominator, int notEvaluable) {
    }

    public static OutcomeReport outcomes(List<AnalyticCase> cases, List<AnalyticCase> population, String indicator,
            String by, String unit, Viewer v) {
        String u = unit == null ? "case" : unit;
        Lineage.Node node = node(cases, population);
        OutcomeTable ot = outcomeTable(node, indicator, by, u, v, new IdentityHashMap<>(), new IdentityHashMap<>());
        List<OutcomeGroup> groups = new ArrayList<>();
        if (by != null) {
            for (Map.Entry<String, GroupTally> e : ot.tallies.entrySet()) {
                String key = by + "=" + e.getKey();
                groups.add(group(e.getKey(), e.getValue(), ot.withheld(key)));
            }
        }
        OutcomeGroup total = group(null, ot.total, ot.withheld(""));
        return new OutcomeReport(indicator, u, by, groups, total);
    }

    private static OutcomeGroup group(String name, GroupTally t, boolean withheld) {
        if (withheld) {
            return new OutcomeGroup(name, null, null, null, null, null, null, true);
        }
        if (t.denominator == 0) {
            return new OutcomeGroup(name, 0, 0, t.notEvaluable, null, null, null, false);
        }
        Interval ci = Proportions.clopperPearson(t.numerator, t.denominator, CONFIDENCE);
        return new OutcomeGroup(name, t.numerator, t.denominator, t.notEvaluable,
                (double) t.numerator / t.denominator, ci.lower(), ci.upper(), false);
    }

    /** Tallies by group (sorted) and total, with the protection of the denominators. */
    private static final class OutcomeTable {
        final TreeMap<String, GroupTally> tallies = new TreeMap<>();
        GroupTally total;
        Protector table;
        Set<String> forced = Set.of();

        boolean withheld(String key) {
            return table.hidden(key) || forced.contains(key);
        }
    }

    private static OutcomeTable outcomeTable(Lineage.Node node, String indicator, String by, String unit, Viewer v,
            Map<Lineage.Node, OutcomeTable> memo, Map<Lineage.Node, Protector> summaryMemo) {
        OutcomeTable done = memo.get(node);
        if (done != null) {
            return done;
        }
        OutcomeTable ot = new OutcomeTable();
        Protector t = new Protector(v);
        Map<String, int[]> acc = new TreeMap<>();
        int[] tot = new int[3];
        t.member("");
        for (Unit x : units(node.cases(), unit)) {
            Integer val = value(x, indicator);
            boolean inPopulation = val != null || inPopulation(x, indicator);
            if (!inPopulation) {
                continue;
            }
            String g = by == null ? null : groupOf(x, by);
            int[] a = g == null ? null : acc.computeIfAbsent(g, k -> new int[3]);
            if (g != null) {
                t.member(by + "=" + g);
            }
            if (val == null) {
                tot[2]++;
                if (a != null) {
                    a[2]++;
                }
                continue;
            }
            tot[1]++;
            tot[0] += val;
            t.add("", x.c().centreId());
            if (a != null) {
                a[1]++;
                a[0] += val;
                t.add(by + "=" + g, x.c().centreId());
            }
        }
        acc.forEach((g, a) -> ot.tallies.put(g, new GroupTally(a[0], a[1], a[2])));
        ot.total = new GroupTally(tot[0], tot[1], tot[2]);
        if (by != null) {
            t.line("", ot.tallies.keySet().stream().map(g -> by + "=" + g).toList());
        }
        // a case-level group is as large as the summary's group: hide what the summary by the same dimension hides
        Set<String> forced = new HashSet<>();
        if (v.protectedView() && "case".equals(unit) && by != null) {
            forced.addAll(summaryTable(node, List.of(by), v, summaryMemo).hiddenKeys());
        }
        List<Protector> anc = new ArrayList<>();
        for (Lineage.Node a : node.ancestors()) {
            anc.add(outcomeTable(a, indicator, by, unit, v, memo, summaryMemo).table);
        }
        t.protect(anc, forced);
        ot.table = t;
        ot.forced = forced;
        memo.put(node, ot);
        return ot;
    }

    private static List<Unit> units(List<AnalyticCase> cases, String unit) {
        List<Unit> out = new ArrayList<>();
        for (AnalyticCase c : cases) {
            if ("procedure".equals(unit)) {
                if (c.procedures() != null) {
                    for (AnalyticProcedure p : c.procedures()) {
                        out.add(new Unit(c, p));
                    }
                }
            } else {
                out.add(new Unit(c, null));
            }
        }
        return out;
    }

    /** The group of a unit: the `by` value of its case, except a procedure's own type for by=procedure_type. */
    private static String groupOf(Unit x, String by) {
        if (x.p() != null && by.equals("procedure_type")) {
            return x.p().procedureType() == null ? Dimensions.UNKNOWN : x.p().procedureType();
        }
        return Dimensions.value(x.c(), by);
    }

    private static Integer value(Unit x, String indicator) {
        if (x.p() != null) {
            AnalyticProcedure p = x.p();
            return switch (indicator) {
                case "death_90d" -> p.death90d();
                case "major_morbidity" -> p.majorMorbidity();
                case "phlf_bc" -> p.phlfBc();
                case "r0_resection" -> p.r0Resection();
                default -> throw new IllegalArgumentException("unknown indicator " + indicator);
            };
        }
        AnalyticCase c = x.c();
        return switch (indicator) {
            case "death_90d" -> c.death90d();
            case "major_morbidity" -> c.majorMorbidity();
            case "phlf_bc" -> c.phlfBc();
            case "r0_resection" -> c.r0Resection();
            default -> throw new IllegalArgumentException("unknown indicator " + indicator);
        };
    }

    /**
     * Whether a unit without a value is "not evaluable" (counted in not_evaluable) rather than outside the
     * indicator's population: phlf_bc and r0_resection concern only final resective steps (for a case, the first
     * one on or after the index); death_90d and major_morbidity concern every unit.
     */
    private static boolean inPopulation(Unit x, String indicator) {
        if (!indicator.equals("phlf_bc") && !indicator.equals("r0_resection")) {
            return true;
        }
        if (x.p() != null) {
            return FINAL_RESECTIVE_STEP.contains(x.p().procedureType());
        }
        List<AnalyticProcedure> ps = x.c().procedures();
        return ps != null && ps.stream().anyMatch(p -> p.day() >= 0 && FINAL_RESECTIVE_STEP.contains(p.procedureType()));
    }

    // ------------------------------------------------------------------ funnel

    public static FunnelReport funnel(List<AnalyticCase> cases, String indicator, Viewer v) {
        return funnel(cases, null, indicator, v);
    }

    /**
     * The funnel with the population, so that it is protected exactly as {@code outcomes(by=centre_id)} of the same
     * request (the same numbers must not be hidden in one and shown in the other).
     */
    public static FunnelReport funnel(List<AnalyticCase> cases, List<AnalyticCase> population, String indicator, Viewer v) {
        OutcomeTable ot = outcomeTable(node(cases, population), indicator, "centre_id", "case", v,
                new IdentityHashMap<>(), new IdentityHashMap<>());
        int sx = ot.total.numerator();
        int sn = ot.total.denominator();
        boolean totalHidden = ot.withheld("");
        Double p0 = sn == 0 || totalHidden ? null : (double) sx / sn;
        List<FunnelReport.Centre> centres = new ArrayList<>();
        int maxN = 0;
        for (Map.Entry<String, GroupTally> e : ot.tallies.entrySet()) {
            GroupTally g = e.getValue();
            if (g.denominator() == 0) {
                continue; // no evaluable case: not a point of the funnel
            }
            if (ot.withheld("centre_id=" + e.getKey())) {
                centres.add(new FunnelReport.Centre(e.getKey(), null, null, null, null, null, null, null, null, true));
                continue;
            }
            maxN = Math.max(maxN, g.denominator());
            if (p0 == null) { // the registry rate is withheld: the centre is shown, without limits
                centres.add(new FunnelReport.Centre(e.getKey(), g.numerator(), g.denominator(),
                        (double) g.numerator() / g.denominator(), null, null, null, null, null, false));
                continue;
            }
            FunnelLimits l = Funnel.limits(g.denominator(), p0);
            centres.add(new FunnelReport.Centre(e.getKey(), g.numerator(), g.denominator(),
                    (double) g.numerator() / g.denominator(), l.lower95(), l.upper95(), l.lower998(), l.upper998(),
                    Funnel.position(g.numerator(), g.denominator(), l), false));
        }
        List<FunnelReport.CurvePoint> curve = new ArrayList<>();
        if (p0 != null) {
            for (int n : curveDenominators(maxN)) {
                FunnelLimits l = Funnel.limits(n, p0);
                curve.add(new FunnelReport.CurvePoint(n, l.lower95(), l.upper95(), l.lower998(), l.upper998()));
            }
        }
        return new FunnelReport(indicator, p0, totalHidden ? null : sx, totalHidden ? null : sn, centres, curve);
    }

    /** 1..maxN, thinned to at most 200 evenly spread denominators (always including 1 and maxN). */
    static List<Integer> curveDenominators(int maxN) {
        List<Integer> out = new ArrayList<>();
        if (maxN <= MAX_CURVE_POINTS) {
            for (int n = 1; n <= maxN; n++) {
                out.add(n);
            }
            return out;
        }
        int last = 0;
        for (int i = 0; i < MAX_CURVE_POINTS; i++) {
            int n = (int) Math.round(1 + (double) i * (maxN - 1) / (MAX_CURVE_POINTS - 1));
            if (n != last) {
                out.add(n);
                last = n;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ survival

    public static SurvivalReport survival(List<AnalyticCase> cases, List<AnalyticCase> population, String endpoint,
            String by, Viewer v) {
        Lineage.Node node = node(cases, population);
        SurvivalTable st = survivalTable(node, endpoint, by, v, new IdentityHashMap<>(), new IdentityHashMap<>());
        List<SurvivalReport.Stratum> strata = new ArrayList<>();
        List<List<SurvivalObservation>> shown = new ArrayList<>();
        for (Map.Entry<String, List<SurvivalObservation>> e : st.groups.entrySet()) {
            String key = by == null ? "" : by + "=" + e.getKey();
            Protector.Member m = st.table.get(key);
            boolean exact = !v.protectedView() || m.exact;
            if (st.withheld(key)) {
                strata.add(withheldStratum(e.getKey()));
                continue;
            }
            shown.add(e.getValue());
            strata.add(stratum(e.getKey(), key, e.getValue(), st, exact));
        }
        SurvivalReport.LogRank lr = null;
        if (by != null && shown.size() >= 2) {
            LogRankResult r = LogRank.test(shown);
            // no events to compare (R's df 0 or -1, p NaN): no test to show
            lr = r.defined() ? new SurvivalReport.LogRank(r.chisq(), r.df(), r.p()) : null;
        }
        return new SurvivalReport(endpoint, by, "log-log", strata, lr);
    }

    private static SurvivalReport.Stratum withheldStratum(String group) {
        List<SurvivalReport.AtRisk> atRisk = new ArrayList<>();
        for (int y : AT_RISK_YEARS) {
            atRisk.add(new SurvivalReport.AtRisk(y, null));
        }
        List<SurvivalReport.SurvivalAt> at = new ArrayList<>();
        for (int y : SURVIVAL_YEARS) {
            at.add(new SurvivalReport.SurvivalAt(y, null, null, null));
        }
        return new SurvivalReport.Stratum(group, null, null, List.of(), atRisk, null, null, null, at, null, true);
    }

    private static SurvivalReport.Stratum stratum(String group, String key, List<SurvivalObservation> obs,
            SurvivalTable st, boolean exact) {
        KaplanMeierFit fit = KaplanMeier.fit(obs);
        List<SurvivalReport.Step> steps = new ArrayList<>();
        for (KmStep s : fit.steps()) {
            if (exact) {
                steps.add(new SurvivalReport.Step(s.time(), s.nRisk(), s.nEvent(), s.nCensor(), s.survival(),
                        s.lower(), s.upper()));
            } else if (s.nRisk() >= Protector.MAX_HIDDEN + 1) {
                steps.add(new SurvivalReport.Step(s.time(), null, null, null, s.survival(), s.lower(), s.upper()));
            } else {
                break; // protected curves stop at the last time with at least 5 at risk
            }
        }
        List<SurvivalReport.AtRisk> atRisk = new ArrayList<>();
        for (int y : AT_RISK_YEARS) {
            String k = atRiskKey(key, y);
            boolean hidden = !exact && st.withheld(k);
            atRisk.add(new SurvivalReport.AtRisk(y, hidden ? null : fit.atRisk(y * YEAR_DAYS)));
        }
        List<SurvivalReport.SurvivalAt> at = new ArrayList<>();
        for (int y : SURVIVAL_YEARS) {
            KmPoint p = fit.at(y * YEAR_DAYS);
            boolean beyondCut = !exact && (p == null || p.nRisk() <= Protector.MAX_HIDDEN);
            at.add(p == null || beyondCut ? new SurvivalReport.SurvivalAt(y, null, null, null)
                    : new SurvivalReport.SurvivalAt(y, p.survival(), p.lower(), p.upper()));
        }
        return new SurvivalReport.Stratum(group, fit.n(), fit.events(), steps, atRisk, fit.median(),
                fit.medianLower(), fit.medianUpper(), at, KaplanMeier.medianFollowUp(obs), false);
    }

    private static String atRiskKey(String key, int years) {
        return years == 0 ? key : key + "@" + years;
    }

    private static final class SurvivalTable {
        final TreeMap<String, List<SurvivalObservation>> groups = new TreeMap<>();
        Protector table;
        Set<String> forced = Set.of();

        boolean withheld(String key) {
            return table.hidden(key) || forced.contains(key);
        }
    }

    /** Strata observations and the protection of their sizes and numbers at risk (keys "by=g", "by=g@y", "", "@y"). */
    private static SurvivalTable survivalTable(Lineage.Node node, String endpoint, String by, Viewer v,
            Map<Lineage.Node, SurvivalTable> memo, Map<Lineage.Node, Protector> summaryMemo) {
        SurvivalTable done = memo.get(node);
        if (done != null) {
            return done;
        }
        SurvivalTable st = new SurvivalTable();
        Protector t = new Protector(v);
        Map<String, Set<String>> lines = new TreeMap<>();
        for (AnalyticCase c : node.cases()) {
            Integer days = "rfs".equals(endpoint) ? c.rfsDays() : c.osDays();
            Integer event = "rfs".equals(endpoint) ? c.rfsEvent() : c.osEvent();
            if (days == null || event == null) {
                continue;
            }
            String g = by == null ? "all" : Dimensions.value(c, by);
            st.groups.computeIfAbsent(g, k -> new ArrayList<>()).add(new SurvivalObservation(days, event == 1));
            String key = by == null ? "" : by + "=" + g;
            for (int y : AT_RISK_YEARS) {
                if (days >= y * YEAR_DAYS) {
                    t.add(atRiskKey(key, y), c.centreId());
                    if (by != null) {
                        t.add(atRiskKey("", y), c.centreId());
                        lines.computeIfAbsent(atRiskKey("", y), k -> new TreeSet<>()).add(atRiskKey(key, y));
                    }
                }
            }
        }
        lines.forEach(t::line);
        Set<String> forced = new HashSet<>();
        if (v.protectedView() && by != null) {
            forced.addAll(summaryTable(node, List.of(by), v, summaryMemo).hiddenKeys());
        }
        List<Protector> anc = new ArrayList<>();
        for (Lineage.Node a : node.ancestors()) {
            anc.add(survivalTable(a, endpoint, by, v, memo, summaryMemo).table);
        }
        t.protect(anc, forced);
        st.table = t;
        st.forced = forced;
        memo.put(node, st);
        return st;
    }

    // ------------------------------------------------------------------ ALPPS

    public static AlppsPanel alpps(List<AnalyticCase> cases, Viewer v) {
        return alpps(cases, null, v);
    }

    /**
     * The panel with the population: it is also withheld when its number of cases differs by 1–4 from that of a
     * request with fewer filters (or that request withholds it), so differences of panels reveal no small count.
     */
    public static AlppsPanel alpps(List<AnalyticCase> cases, List<AnalyticCase> population, Viewer v) {
        AlppsPanel p = alppsPanel(cases, v);
        if (p.suppressed() || !v.protectedView() || p.n() == null || p.n() == 0 || population == null) {
            return p;
        }
        if (v.ownCentre() != null) {
            Integer ownN = alppsPanel(cases.stream().filter(c -> v.ownCentre().equals(c.centreId())).toList(),
                    Viewer.EXACT).n();
            int own = ownN == null ? 0 : ownN;
            if (own == p.n()) {
                return p; // all the lead's own cases
            }
            if (Protector.small(p.n() - own)) {
                return withheld(p); // the lead would learn that other centres have 1–4
            }
        }
        for (Lineage.Node a : Lineage.ancestors(cases, population)) {
            AlppsPanel ap = alpps(a.cases(), a.ancestors().isEmpty() ? null : population, v);
            if (ap.suppressed() || Protector.small(ap.n() - p.n())) {
                return withheld(p);
            }
        }
        return p;
    }

    private static AlppsPanel withheld(AlppsPanel p) {
        List<AlppsPanel.AlppsMeasure> ms = new ArrayList<>();
        for (AlppsPanel.AlppsMeasure m : p.measures()) {
            ms.add(new AlppsPanel.AlppsMeasure(m.measure(), m.unit(), null, null, m.comparison(), m.benchmark(), null, true));
        }
        return new AlppsPanel(p.indicator(), null, true, ms);
    }

    private static AlppsPanel alppsPanel(List<AnalyticCase> cases, Viewer v) {
        List<Integer> intervals = new ArrayList<>();
        int deathN = 0;
        int deaths = 0;
        int phlfN = 0;
        int phlf = 0;
        List<SurvivalObservation> os = new ArrayList<>();
        int n = 0;
        boolean allOwn = v.ownCentre() != null;
        for (AnalyticCase c : cases) {
            AnalyticProcedure s1 = null;
            AnalyticProcedure s2 = null;
            for (AnalyticProcedure p : c.procedures() == null ? List.<AnalyticProcedure>of() : c.procedures()) {
                if (s1 == null && "alpps_stage1".equals(p.procedureType())) {
                    s1 = p;
                } else if (s1 != null && s2 == null && "alpps_stage2".equals(p.procedureType())) {
                    s2 = p;
                }
            }
            if (s1 == null || s2 == null) {
                continue;
            }
            n++;
            allOwn = allOwn && v.ownCentre().equals(c.centreId());
            intervals.add(s2.day() - s1.day());
            if (s2.death90d() != null) {
                deathN++;
                deaths += s2.death90d();
            }
            if (s2.phlfBc() != null) {
                phlfN++;
                phlf += s2.phlfBc();
            }
            if (c.osDays() != null && c.osEvent() != null) {
                os.add(new SurvivalObservation(c.osDays(), c.osEvent() == 1));
            }
        }
        boolean exact = !v.protectedView() || (allOwn && n > 0);
        boolean panelHidden = !exact && n < Protector.MAX_HIDDEN + 1 && n > 0;
        List<AlppsPanel.AlppsMeasure> ms = new ArrayList<>();
        Double median = intervals.isEmpty() ? null : median(intervals);
        ms.add(measure("interstage_interval", "days", intervals.size(), median, "<=", 16, exact, panelHidden));
        ms.add(measure("death_90d_after_stage2", "proportion", deathN,
                deathN == 0 ? null : (double) deaths / deathN, "<=", 0.05, exact, panelHidden));
        ms.add(measure("phlf_bc_after_stage2", "proportion", phlfN,
                phlfN == 0 ? null : (double) phlf / phlfN, "<=", 0.05, exact, panelHidden));
        Double os1 = null;
        if (!os.isEmpty()) {
            KmPoint p = KaplanMeier.fit(os).at(YEAR_DAYS);
            os1 = p == null ? null : p.survival();
        }
        ms.add(measure("os_1y", "proportion", os.size(), os1, ">=", 0.86, exact, panelHidden));
        return new AlppsPanel(ALPPS_BENCHMARKS, panelHidden ? null : n, panelHidden, ms);
    }

    private static AlppsPanel.AlppsMeasure measure(String name, String unit, int n, Double value, String cmp,
            double benchmark, boolean exact, boolean panelHidden) {
        if (panelHidden || (!exact && Protector.small(n))) {
            return new AlppsPanel.AlppsMeasure(name, unit, null, null, cmp, benchmark, null, true);
        }
        Boolean met = value == null ? null : cmp.equals("<=") ? value <= benchmark : value >= benchmark;
        return new AlppsPanel.AlppsMeasure(name, unit, n, value, cmp, benchmark, met, false);
    }

    static double median(List<Integer> xs) {
        List<Integer> s = new ArrayList<>(xs);
        s.sort(null);
        int k = s.size();
        return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2.0;
    }
}
