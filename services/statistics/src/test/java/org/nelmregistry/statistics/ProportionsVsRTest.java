package org.nelmregistry.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nelmregistry.statistics.RReference.assertProb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Clopper–Pearson intervals equal R's qbeta formula and binom.test, x = 0 and x = n included. */
class ProportionsVsRTest {

    @AfterAll
    static void logAgreement() {
        System.out.println("ProportionsVsRTest: " + RReference.worst());
    }

    @Test
    void clopperPearsonEqualsR() {
        int[][] xn = {
            {0, 1}, {1, 1}, {0, 2}, {1, 2}, {2, 2}, {0, 5}, {3, 5}, {5, 5},
            {1, 17}, {4, 17}, {0, 40}, {40, 40}, {7, 120}, {60, 120}, {119, 120},
            {1, 5000}, {250, 5000}, {4999, 5000}, {0, 100000}, {1234, 100000}};
        double[] confidences = {0.95, 0.90, 0.998};
        List<Map<String, Object>> in = new ArrayList<>();
        for (int[] c : xn) for (double conf : confidences) in.add(Map.of("x", c[0], "n", c[1], "confidence", conf));
        JsonNode r = RReference.run(Map.of("proportions", in));

        assertEquals(in.size(), r.get("proportions").size());
        for (JsonNode rc : r.get("proportions")) {
            int x = rc.get("x").asInt();
            int n = rc.get("n").asInt();
            double conf = rc.get("confidence").asDouble();
            Interval ci = Proportions.clopperPearson(x, n, conf);
            String what = "CP(" + x + "/" + n + ", " + conf + ")";
            assertProb(rc.get("lower").asDouble(), ci.lower(), what + " lower");
            assertProb(rc.get("upper").asDouble(), ci.upper(), what + " upper");
            assertProb(rc.get("binom_lower").asDouble(), ci.lower(), what + " lower vs binom.test");
            assertProb(rc.get("binom_upper").asDouble(), ci.upper(), what + " upper vs binom.test");
            // small quantiles need more than absolute agreement to be useful: hold them relatively too
            if (rc.get("lower").asDouble() > 0) {
                RReference.assertRelative(rc.get("lower").asDouble(), ci.lower(), what + " lower (relative)");
            }
        }
        assertEquals(0.0, Proportions.clopperPearson(0, 40, 0.95).lower());
        assertEquals(1.0, Proportions.clopperPearson(40, 40, 0.95).upper());
    }

    @Test
    void refusesImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> Proportions.clopperPearson(1, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Proportions.clopperPearson(6, 5, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Proportions.clopperPearson(-1, 5, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Proportions.clopperPearson(1, 5, 1.0));
    }
}
