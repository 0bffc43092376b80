package org.nelmregistry.reporting.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.Test;
import org.nelmregistry.statistics.Funnel;
import org.nelmregistry.statistics.FunnelLimits;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outcome rates, survival, funnel and the ALPPS panel under disclosure control (expected values worked by hand). */
class OutcomeSurvivalFunnelTest {

    static final double EPS = 1e-6;

    /** A (12 cases: 10 evaluable, 2 deaths), B (3: 1 death), C (6: none), D (20: 1 death). */
    static List<AnalyticCase> outcomeCohort() {
        return new Cohort().type("major_hepatectomy").death(1).add(2).death(0).add(8).death(null).add(2)
                .type("minor_hepatectomy").death(1).add(1).death(0).add(2)
                .type("ablation").add(6)
                .type("debulking").death(1).add(1).death(0).add(19).cases();
    }

    static Map<String, OutcomeGroup> groups(OutcomeReport r) {
        Map<String, OutcomeGroup> m = new HashMap<>();
        r.groups().forEach(g -> m.put(g.group(), g));
        return m;
    }

    @Test
    void ratesWithExactClopperPearsonIntervalsAndNotEvaluable() {
        OutcomeReport r = Reports.outcomes(outcomeCohort(), outcomeCohort(), "death_90d", "procedure_type", "case", Viewer.EXACT);
        OutcomeGroup a = groups(r).get("major_hepatectomy");
        assertEquals(2, a.numerator());
        assertEquals(10, a.denominator());
        assertEquals(2, a.notEvaluable());
        assertEquals(0.2, a.rate(), EPS);
        // R: binom.test(2, 10)$conf.int
        assertEquals(0.02521073, a.ciLower(), EPS);
        assertEquals(0.55609546, a.ciUpper(), EPS);
        OutcomeGroup c = groups(r).get("ablation");
        assertEquals(0.0, c.ciLower(), 0.0);
        assertEquals(1 - Math.pow(0.025, 1.0 / 6), c.ciUpper(), EPS); // x = 0: 1 − (α/2)^(1/n)
        assertEquals(4, r.total().numerator());
        assertEquals(39, r.total().denominator());
        assertEquals(2, r.total().notEvaluable());
        assertEquals(4.0 / 39, r.total().rate(), EPS);
    }

    /** B (3) is withheld; alone withheld it would be the total less the others, so the next smallest, C (6), too. */
    @Test
    void smallGroupsAreWithheldWithTheNextSmallestAndTotalsStayShown() {
        OutcomeReport r = Reports.outcomes(outcomeCohort(), outcomeCohort(), "death_90d", "procedure_type", "case",
                Viewer.STEERING);
        OutcomeGroup b = groups(r).get("minor_hepatectomy");
        assertTrue(b.suppressed());
        assertNull(b.numerator());
        assertNull(b.denominator());
        assertNull(b.rate());
        assertNull(b.ciLower());
        assertNull(b.notEvaluable());
        assertTrue(groups(r).get("ablation").suppressed());
        OutcomeGroup d = groups(r).get("debulking");
        assertFalse(d.suppressed());
        assertEquals(1, d.numerator(), "numerators of shown groups are shown, even when small");
        assertEquals(1 - Math.pow(0.975, 1.0 / 20), d.ciLower(), EPS); // x = 1: 1 − (1 − α/2)^(1/n)
        assertFalse(r.total().suppressed());
        assertEquals(39, r.total().denominator());
    }

    @Test
    void unitProcedureCountsEachProcedureUnderItsOwnType() {
        List<AnalyticCase> cases = new Cohort().procedures(
                new AnalyticProcedure(1, "major_hepatectomy", "curative", 0, 0, 1, 1, 1),
                new AnalyticProcedure(2, "ablation", "curative", 200, 1, 0, null, null)).add(1).cases();
        OutcomeReport r = Reports.outcomes(cases, cases, "death_90d", "procedure_type", "procedure", Viewer.EXACT);
        assertEquals("procedure", r.unit());
        assertEquals(1, groups(r).get("ablation").numerator());
        assertEquals(1, groups(r).get("ablation").denominator());
        assertEquals(0, groups(r).get("major_hepatectomy").numerator());
        OutcomeReport phlf = Reports.outcomes(cases, cases, "phlf_bc", null, "procedure", Viewer.EXACT);
        assertEquals(1, phlf.total().denominator(), "ablation is not a final resective step");
        assertEquals(0, phlf.total().notEvaluable());
    }

    /** Ten deaths at 100, 200, …, 1000 days. */
    static List<AnalyticCase> tenDeaths() {
        Cohort c = new Cohort();
        for (int i = 1; i <= 10; i++) {
            c.os(100 * i, 1).centre("C" + (i % 3)).add(1);
        }
        return c.cases();
    }

    @Test
    void protectedCurvesCarryNoCountsAndStopAtTheLastTimeWithFiveAtRisk() {
        SurvivalReport r = Reports.survival(tenDeaths(), tenDeaths(), "os", null, Viewer.STEERING);
        assertEquals("log-log", r.confType());
        assertNull(r.logrank());
        SurvivalReport.Stratum s = r.strata().get(0);
        assertEquals(10, s.n());
        assertEquals(6, s.steps().size(), "at risk 10, 9, 8, 7, 6, 5 at days 100..600");
        assertEquals(600, s.steps().get(5).timeDays(), 0);
        assertEquals(0.4, s.steps().get(5).survival(), EPS);
        assertTrue(s.steps().stream().allMatch(x -> x.nRisk() == null && x.nEvent() == null && x.nCensor() == null));
        assertEquals(10, s.atRisk().get(0).n());
        assertEquals(7, s.atRisk().get(1).n(), "days 400..1000 at one year");
        assertNull(s.atRisk().get(2).n(), "3 at risk at two years: suppressed");
        assertEquals(0, s.atRisk().get(3).n());
        assertEquals(0.7, s.survivalAt().get(0).survival(), EPS);
        assertNull(s.survivalAt().get(1).survival(), "beyond the last time");
        assertEquals(550, s.medianDays(), EPS, "S = 0.5 on [500, 600): R's midpoint");
    }

    @Test
    void unprotectedCurvesHaveEveryStepWithItsCounts() {
        SurvivalReport.Stratum s = Reports.survival(tenDeaths(), tenDeaths(), "os", null, Viewer.EXACT).strata().get(0);
        assertEquals(10, s.steps().size());
        assertEquals(1, s.steps().get(9).nRisk());
        assertEquals(1, s.steps().get(9).nEvent());
        assertEquals(0, s.steps().get(9).nCensor());
        assertEquals(3, s.atRisk().get(2).n());
    }

    /** female has 3 cases: withheld, and with a single other stratum that one too (the total would give it away). */
    @Test
    void strataUnderFiveAreWithheldWithAComplement() {
        List<AnalyticCase> cases = new Cohort().os(300, 1).sex("female").add(3).os(500, 1).sex("male").add(10).cases();
        SurvivalReport r = Reports.survival(cases, cases, "os", "sex", Viewer.STEERING);
        assertEquals(2, r.strata().size());
        assertTrue(r.strata().stream().allMatch(SurvivalReport.Stratum::suppressed));
        assertTrue(r.strata().stream().allMatch(x -> x.n() == null && x.steps().isEmpty()));
        assertNull(r.logrank());
        SurvivalReport exact = Reports.survival(cases, cases, "os", "sex", Viewer.EXACT);
        assertEquals(1, exact.logrank().df());
    }

    /** Deaths C1 2/10, C2 1/3, C3 0/7, C4 3/12: p0 = 6/32 over every centre, withheld ones included. */
    static List<AnalyticCase> funnelCohort() {
        return new Cohort().centre("C1").death(1).add(2).death(0).add(8).centre("C2").death(1).add(1).death(0).add(2)
                .centre("C3").add(7).centre("C4").death(1).add(3).death(0).add(9).cases();
    }

    @Test
    void funnelWithholdsSmallCentresButKeepsThemInTheRegistryRate() {
        FunnelReport r = Reports.funnel(funnelCohort(), funnelCohort(), "death_90d", Viewer.STEERING);
        assertEquals(6.0 / 32, r.p0(), EPS);
        assertEquals(6, r.totalNumerator());
        assertEquals(32, r.totalDenominator());
        Map<String, FunnelReport.Centre> c = new HashMap<>();
        r.centres().forEach(x -> c.put(x.centreId(), x));
        assertTrue(c.get("C2").suppressed());
        assertNull(c.get("C2").denominator());
        assertTrue(c.get("C1").suppressed() && c.get("C3").suppressed(), "as in outcomes by centre_id");
        FunnelReport.Centre c4 = c.get("C4");
        FunnelLimits l = Funnel.limits(12, 6.0 / 32);
        assertEquals(0.25, c4.rate(), EPS);
        assertEquals(l.upper998(), c4.upper998(), 0);
        assertEquals("within", c4.position());
        assertEquals(12, r.curve().size(), "n = 1..12");
        FunnelReport lead = Reports.funnel(funnelCohort(), funnelCohort(), "death_90d", Viewer.centreLead("C2"));
        FunnelReport.Centre own = lead.centres().stream().filter(x -> x.centreId().equals("C2")).findFirst().orElseThrow();
        assertEquals(3, own.denominator());
        assertEquals(1, own.numerator());
    }

    static List<AnalyticCase> alpps(int n) {
        int[] interval = {8, 10, 12, 14, 30};
        Cohort c = new Cohort();
        for (int i = 0; i < n; i++) {
            Integer death = i == 0 ? 1 : 0;
            c.centre("C" + i).os(i == 0 ? 50 : 400, i == 0 ? 1 : 0).procedures(
                    new AnalyticProcedure(1, "alpps_stage1", "curative", 0, death, 0, null, null),
                    new AnalyticProcedure(2, "alpps_stage2", "curative", interval[i], death, 0, 0, 1)).add(1);
        }
        c.procedures(new AnalyticProcedure(1, "major_hepatectomy", "curative", 0, 0, 0, 0, 1)).add(3);
        return c.cases();
    }

    @Test
    void alppsPanelAgainstTheBenchmarks() {
        AlppsPanel p = Reports.alpps(alpps(5), Viewer.STEERING);
        assertEquals(5, p.n());
        Map<String, AlppsPanel.AlppsMeasure> m = new HashMap<>();
        p.measures().forEach(x -> m.put(x.measure(), x));
        assertEquals(12, m.get("interstage_interval").value(), EPS);
        assertEquals(true, m.get("interstage_interval").met());
        assertEquals(0.2, m.get("death_90d_after_stage2").value(), EPS);
        assertEquals(false, m.get("death_90d_after_stage2").met());
        assertEquals(0.0, m.get("phlf_bc_after_stage2").value(), EPS);
        assertEquals(true, m.get("phlf_bc_after_stage2").met());
        assertEquals(0.8, m.get("os_1y").value(), EPS);
        assertEquals(false, m.get("os_1y").met());
        assertEquals(0.86, m.get("os_1y").benchmark(), 0);
        AlppsPanel small = Reports.alpps(alpps(4), Viewer.STEERING);
        assertTrue(small.suppressed());
        assertNull(small.n());
        assertTrue(small.measures().stream().allMatch(x -> x.value() == null && x.suppressed()));
        assertEquals(4, Reports.alpps(alpps(4), Viewer.EXACT).n());
    }

    @Test
    void reportsSerialiseToTheIssueShapes() throws Exception {
        ObjectMapper om = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        JsonNode s = om.valueToTree(Reports.summary(Cohort.fourCentres(), Cohort.fourCentres(), List.of("centre_id"),
                Viewer.STEERING));
        assertEquals("centre_id", s.get("by").get(0).asText());
        JsonNode c2 = s.get("cells").get(1);
        assertEquals("C2", c2.get("centre_id").asText());
        assertTrue(c2.get("count").isNull());
        assertTrue(c2.get("suppressed").asBoolean());
        assertEquals(32, s.get("total").get("count").asInt());
        assertTrue(s.get("margins").isArray());
        JsonNode o = om.valueToTree(Reports.outcomes(outcomeCohort(), outcomeCohort(), "death_90d", "procedure_type",
                "case", Viewer.EXACT));
        for (String k : List.of("group", "numerator", "denominator", "not_evaluable", "rate", "ci_lower", "ci_upper", "suppressed")) {
            assertTrue(o.get("groups").get(0).has(k), k);
        }
        assertTrue(o.has("indicator") && o.has("unit") && o.has("by") && o.has("total"));
        JsonNode f = om.valueToTree(Reports.funnel(funnelCohort(), funnelCohort(), "death_90d", Viewer.EXACT));
        for (String k : List.of("centre_id", "numerator", "denominator", "rate", "lower_95", "upper_95", "lower_99_8",
                "upper_99_8", "position", "suppressed")) {
            assertTrue(f.get("centres").get(0).has(k), k);
        }
        assertTrue(f.has("p0") && f.has("total_numerator") && f.get("curve").get(0).has("lower_99_8"));
        JsonNode v = om.valueToTree(Reports.survival(tenDeaths(), tenDeaths(), "os", null, Viewer.EXACT));
        assertEquals("log-log", v.get("conf_type").asText());
        JsonNode st = v.get("strata").get(0);
        for (String k : List.of("group", "n", "events", "steps", "at_risk", "median_days", "median_lower", "median_upper",
                "survival_at", "median_follow_up_days", "suppressed")) {
            assertTrue(st.has(k), k);
        }
        for (String k : List.of("time_days", "n_risk", "n_event", "n_censor", "survival", "lower", "upper")) {
            assertTrue(st.get("steps").get(0).has(k), k);
        }
        assertEquals(1, st.get("at_risk").get(1).get("years").asInt());
        assertTrue(v.has("logrank") && v.get("logrank").isNull());
    }
}
