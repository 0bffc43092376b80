package org.nelmregistry.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nelmregistry.statistics.RReference.assertRelative;
import static org.nelmregistry.statistics.RReference.num;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The log-rank chi-square, df and p equal R's survdiff to 1e-6 relative. */
class LogRankVsRTest {

    @AfterAll
    static void logAgreement() {
        System.out.println("LogRankVsRTest: " + RReference.worst());
    }

    private static final Map<String, List<List<SurvivalObservation>>> CASES = new LinkedHashMap<>();
    private static JsonNode r;

    @BeforeAll
    static void computeInR() {
        CASES.put("two-similar", List.of(
                SurvivalData.exponential(21, 150, 1500, 3650, 1.0 / 8000),
                SurvivalData.exponential(22, 170, 1600, 3650, 1.0 / 8000)));
        // a large difference gives a tiny p, which must keep its relative precision
        CASES.put("two-far-apart", List.of(
                SurvivalData.exponential(23, 400, 300, 3650, 0),
                SurvivalData.exponential(24, 400, 3000, 3650, 0)));
        CASES.put("three-coarse-ties", List.of(
                SurvivalData.random(25, 40, 3000, 180, 0.3),
                SurvivalData.random(26, 60, 3000, 180, 0.3),
                SurvivalData.random(27, 25, 3000, 180, 0.5)));
        CASES.put("four-with-tiny", List.of(
                SurvivalData.random(28, 3, 2000, 30, 0.3),
                SurvivalData.random(29, 2, 2000, 30, 0.0),
                SurvivalData.random(30, 90, 2000, 30, 0.4),
                SurvivalData.random(31, 120, 2000, 30, 0.4)));
        CASES.put("tiny-pair", List.of(
                SurvivalData.of(new double[] {5, 8}, new boolean[] {true, false}),
                SurvivalData.of(new double[] {5, 12, 20}, new boolean[] {true, true, false})));
        // the second group leaves before the first event: one group with expected events, df 0
        CASES.put("one-group-at-risk", List.of(
                SurvivalData.of(new double[] {10, 20, 30}, new boolean[] {true, true, false}),
                SurvivalData.of(new double[] {1, 2}, new boolean[] {false, false})));
        // nobody has an event: R gives chisq 0, df -1 and p NaN
        CASES.put("no-events", List.of(
                SurvivalData.of(new double[] {10, 20}, new boolean[] {false, false}),
                SurvivalData.of(new double[] {15}, new boolean[] {false})));

        List<Map<String, Object>> lr = new ArrayList<>();
        CASES.forEach((id, groups) -> {
            List<Double> time = new ArrayList<>();
            List<Integer> event = new ArrayList<>();
            List<Integer> group = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                for (SurvivalObservation o : groups.get(g)) {
                    time.add(o.time());
                    event.add(o.event() ? 1 : 0);
                    group.add(g + 1);
                }
            }
            lr.add(Map.of("id", id, "time", time, "event", event, "group", group));
        });
        r = RReference.run(Map.of("logrank", lr));
    }

    @Test
    void logRankEqualsSurvdiff() {
        for (JsonNode rc : r.get("logrank")) {
            String id = rc.get("id").asText();
            LogRankResult res = LogRank.test(CASES.get(id));
            assertEquals(rc.get("df").asInt(), res.df(), id + " df");
            assertRelative(rc.get("chisq").asDouble(), res.chisq(), id + " chisq");
            Double p = num(rc.get("p"));
            if (p == null) {
                assertTrue(Double.isNaN(res.p()), id + ": R gives NaN for p, Java " + res.p());
            } else {
                assertRelative(p, res.p(), id + " p");
            }
        }
        assertTrue(LogRank.test(CASES.get("two-far-apart")).p() < 1e-10, "a tiny p-value is exercised");
        assertEquals(0, LogRank.test(CASES.get("one-group-at-risk")).df());
        assertTrue(LogRank.test(CASES.get("two-similar")).defined());
        assertFalse(LogRank.test(CASES.get("one-group-at-risk")).defined());
        assertFalse(LogRank.test(CASES.get("no-events")).defined());
        assertNull(num(r.get("logrank").get(CASES.size() - 1).get("p")), "R's p is NaN without events");
    }

    @Test
    void emptyGroupsAreDroppedAndOneGroupIsRefused() {
        List<SurvivalObservation> a = SurvivalData.random(40, 30, 1000, 10, 0.3);
        List<SurvivalObservation> b = SurvivalData.random(41, 30, 1000, 10, 0.3);
        assertEquals(LogRank.test(List.of(a, b)), LogRank.test(List.of(a, List.of(), b)));
        assertThrows(IllegalArgumentException.class, () -> LogRank.test(List.of(a, List.of())));
    }

    @Test
    void aSingularVarianceGivesAnUndefinedTestNotAnError() {
        // two one-subject groups with the event on the same day: the variance is 0 (R's solve() errors)
        LogRankResult r = LogRank.test(java.util.List.of(
                java.util.List.of(new SurvivalObservation(10, true)),
                java.util.List.of(new SurvivalObservation(10, true))));
        org.junit.jupiter.api.Assertions.assertFalse(r.defined());
    }
}
