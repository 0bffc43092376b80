package org.nelmregistry.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nelmregistry.statistics.RReference.assertProb;
import static org.nelmregistry.statistics.RReference.list;
import static org.nelmregistry.statistics.RReference.num;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Kaplan–Meier steps, log-log limits, medians with limits, summary at times, numbers at risk and
 * reverse-KM median follow-up, each equal to R's survival package on the same data.
 */
class KaplanMeierVsRTest {

    @AfterAll
    static void logAgreement() {
        System.out.println("KaplanMeierVsRTest: " + RReference.worst());
    }

    private static final double YEAR = 365.25;
    private static final Map<String, List<SurvivalObservation>> CASES = new LinkedHashMap<>();
    private static JsonNode r;

    @BeforeAll
    static void computeInR() {
        CASES.put("one-event", SurvivalData.of(new double[] {30}, new boolean[] {true}));
        CASES.put("one-censored", SurvivalData.of(new double[] {30}, new boolean[] {false}));
        CASES.put("two-events-flat-half", SurvivalData.of(new double[] {10, 20}, new boolean[] {true, true}));
        CASES.put("three-mixed", SurvivalData.of(new double[] {5, 5, 9}, new boolean[] {true, false, true}));
        // survival exactly 0.5 at day 200, flat through a censoring, then dropping at 700: median is the midpoint
        CASES.put("flat-at-half", SurvivalData.of(
                new double[] {100, 200, 400, 700}, new boolean[] {true, true, false, true}));
        // events and censorings at the same day, deaths on day 0, and the curve reaching 0 at the end
        CASES.put("ties-and-zero", SurvivalData.of(
                new double[] {0, 0, 3, 3, 3, 3, 50, 50, 120, 400, 400, 800},
                new boolean[] {true, false, true, true, false, false, true, false, true, true, false, true}));
        CASES.put("all-censored", SurvivalData.random(11, 40, 2500, 30, 1.0));
        CASES.put("no-censoring", SurvivalData.random(12, 60, 2500, 30, 0.0));
        CASES.put("random-5", SurvivalData.random(1, 5, 1000, 10, 0.4));
        CASES.put("random-12", SurvivalData.random(2, 12, 2000, 30, 0.3));
        CASES.put("random-50-coarse-ties", SurvivalData.random(3, 50, 3000, 180, 0.35));
        CASES.put("random-200", SurvivalData.random(4, 200, 4000, 7, 0.4));
        CASES.put("random-1000", SurvivalData.random(5, 1000, 4000, 1, 0.5));
        CASES.put("registry-like-400", SurvivalData.exponential(6, 400, 1600, 3650, 1.0 / 8000));
        CASES.put("registry-like-3000", SurvivalData.exponential(7, 3000, 2200, 5000, 1.0 / 6000));
        CASES.put("short-follow-up", SurvivalData.exponential(8, 80, 300, 500, 0));

        List<Map<String, Object>> km = new ArrayList<>();
        CASES.forEach((id, obs) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", id);
            c.put("time", obs.stream().map(SurvivalObservation::time).toList());
            c.put("event", obs.stream().map(o -> o.event() ? 1 : 0).toList());
            c.put("query", queryTimes(obs));
            km.add(c);
        });
        r = RReference.run(Map.of("km", km));
    }

    /** 0, 1, 2, 3, 5 years, and times at, between, before and after the observed ones. */
    private static List<Double> queryTimes(List<SurvivalObservation> obs) {
        double min = obs.stream().mapToDouble(SurvivalObservation::time).min().orElseThrow();
        double max = obs.stream().mapToDouble(SurvivalObservation::time).max().orElseThrow();
        List<Double> q = new ArrayList<>(List.of(0.0, YEAR, 2 * YEAR, 3 * YEAR, 5 * YEAR));
        q.addAll(List.of(min, min / 2, (min + max) / 2, max, max + 1, obs.get(0).time()));
        return q;
    }

    private static JsonNode rCase(String id) {
        for (JsonNode c : r.get("km")) if (c.get("id").asText().equals(id)) return c;
        throw new AssertionError("R returned no case " + id);
    }

    @Test
    void stepsEqualR() {
        CASES.forEach((id, obs) -> {
            KaplanMeierFit fit = KaplanMeier.fit(obs);
            JsonNode rc = rCase(id);
            JsonNode s = rc.get("steps");
            List<JsonNode> time = list(s.get("time"));
            assertEquals(rc.get("n").asInt(), fit.n(), id + " n");
            assertEquals(rc.get("events").asInt(), fit.events(), id + " events");
            assertEquals(time.size(), fit.steps().size(), id + ": number of steps");
            for (int i = 0; i < time.size(); i++) {
                KmStep k = fit.steps().get(i);
                String at = id + " step " + i + " (t=" + k.time() + ")";
                assertEquals(time.get(i).asDouble(), k.time(), 0.0, at + " time");
                assertEquals(list(s.get("n_risk")).get(i).asInt(), k.nRisk(), at + " n.risk");
                assertEquals(list(s.get("n_event")).get(i).asInt(), k.nEvent(), at + " n.event");
                assertEquals(list(s.get("n_censor")).get(i).asInt(), k.nCensor(), at + " n.censor");
                assertProb(num(list(s.get("surv")).get(i)), k.survival(), at + " surv");
                assertProb(num(list(s.get("lower")).get(i)), k.lower(), at + " lower");
                assertProb(num(list(s.get("upper")).get(i)), k.upper(), at + " upper");
            }
        });
    }

    @Test
    void mediansWithLimitsEqualPrintFit() {
        CASES.forEach((id, obs) -> {
            KaplanMeierFit fit = KaplanMeier.fit(obs);
            JsonNode rc = rCase(id);
            assertTime(num(rc.get("median")), fit.median(), id + " median");
            assertTime(num(rc.get("median_lower")), fit.medianLower(), id + " median 0.95LCL");
            assertTime(num(rc.get("median_upper")), fit.medianUpper(), id + " median 0.95UCL");
        });
        // the cases are chosen so that these behaviours are exercised, not merely allowed
        assertEquals(450.0, KaplanMeier.fit(CASES.get("flat-at-half")).median(), "midpoint of the flat at 0.5");
        assertEquals(15.0, KaplanMeier.fit(CASES.get("two-events-flat-half")).median());
        assertNull(KaplanMeier.fit(CASES.get("all-censored")).median(), "median not reached");
    }

    @Test
    void summaryAtTimesEqualsR() {
        int beyond = 0;
        for (Map.Entry<String, List<SurvivalObservation>> e : CASES.entrySet()) {
            String id = e.getKey();
            KaplanMeierFit fit = KaplanMeier.fit(e.getValue());
            for (JsonNode p : rCase(id).get("points")) {
                double t = p.get("time").asDouble();
                String at = id + " summary(times=" + t + ")";
                KmPoint point = fit.at(t);
                if (!p.get("present").asBoolean()) {
                    assertNull(point, at + ": R reports no row beyond the last time");
                    assertEquals(0, fit.atRisk(t), at + " at risk beyond the end");
                    beyond++;
                    continue;
                }
                assertNotNull(point, at);
                assertEquals(t, point.time(), 0.0, at + " time");
                assertEquals(p.get("n_risk").asInt(), point.nRisk(), at + " n.risk");
                assertEquals(p.get("n_risk").asInt(), fit.atRisk(t), at + " atRisk");
                assertProb(num(p.get("surv")), point.survival(), at + " surv");
                assertProb(num(p.get("lower")), point.lower(), at + " lower");
                assertProb(num(p.get("upper")), point.upper(), at + " upper");
            }
        }
        assertTrue(beyond > CASES.size(), "times beyond follow-up are exercised");
    }

    @Test
    void reverseKaplanMeierMedianFollowUpEqualsR() {
        CASES.forEach((id, obs) -> assertTime(num(rCase(id).get("median_follow_up")),
                KaplanMeier.medianFollowUp(obs), id + " median follow-up"));
        assertNull(KaplanMeier.medianFollowUp(CASES.get("no-censoring")), "nobody censored: not reached");
    }

    private static void assertTime(Double expected, Double actual, String what) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, what);
        } else {
            assertEquals(expected, actual, 1e-9, what);
        }
    }
}
