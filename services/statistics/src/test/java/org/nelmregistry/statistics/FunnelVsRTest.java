package org.nelmregistry.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nelmregistry.statistics.RReference.assertProb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Spiegelhalter's interpolated binomial funnel limits and positions equal R's qbinom/pbinom. */
class FunnelVsRTest {

    @AfterAll
    static void logAgreement() {
        System.out.println("FunnelVsRTest: " + RReference.worst());
    }

    private static final int[] NS = {1, 2, 3, 5, 8, 13, 20, 34, 50, 100, 250, 1000, 5000, 100000};
    private static final double[] P0S = {0.0, 0.003, 0.025, 0.05, 0.1, 0.3, 0.5, 0.9, 0.995, 1.0};
    private static final double[] QS = {0.001, 0.025, 0.975, 0.999};

    @Test
    void limitsEqualR() {
        List<Map<String, Object>> in = new ArrayList<>();
        for (int n : NS) for (double p0 : P0S) for (double q : QS) in.add(Map.of("n", n, "p0", p0, "q", q));
        // an exact hit F(r) = q: Binomial(1, 0.025) has F(0) = 0.975
        in.add(Map.of("n", 1, "p0", 0.025, "q", 0.975));
        JsonNode r = RReference.run(Map.of("funnel", in));

        int clampedLow = 0;
        assertEquals(in.size(), r.get("funnel").size());
        for (JsonNode rc : r.get("funnel")) {
            int n = rc.get("n").asInt();
            double p0 = rc.get("p0").asDouble();
            double q = rc.get("q").asDouble();
            String what = "funnel(n=" + n + ", p0=" + p0 + ", q=" + q + ")";
            assertProb(rc.get("limit").asDouble(), Funnel.limit(n, p0, q), what);
            if (rc.get("raw").asDouble() < 0) clampedLow++;
        }
        // r ≤ n and α ≥ 0, so only the lower clamp occurs in practice (r = 0 gives (0 − α)/n < 0)
        assertTrue(clampedLow > 0, "a limit clamped at 0 is exercised");
        assertEquals(0.0, Funnel.limit(1, 0.05, 0.025), "a clamped limit is exactly 0");

        for (int n : new int[] {1, 20, 1000}) {
            FunnelLimits l = Funnel.limits(n, 0.05);
            assertEquals(Funnel.limit(n, 0.05, 0.025), l.lower95());
            assertEquals(Funnel.limit(n, 0.05, 0.975), l.upper95());
            assertEquals(Funnel.limit(n, 0.05, 0.001), l.lower998());
            assertEquals(Funnel.limit(n, 0.05, 0.999), l.upper998());
        }
    }

    @Test
    void positionsEqualR() {
        List<Map<String, Object>> in = new ArrayList<>();
        for (int n : new int[] {2, 10, 40, 150, 600}) {
            for (double p0 : new double[] {0.02, 0.05, 0.3}) {
                for (int x = 0; x <= n; x += Math.max(1, n / 60)) in.add(Map.of("x", x, "n", n, "p0", p0));
            }
        }
        JsonNode r = RReference.run(Map.of("positions", in));
        Set<String> seen = new HashSet<>();
        for (JsonNode rc : r.get("positions")) {
            int x = rc.get("x").asInt();
            int n = rc.get("n").asInt();
            double p0 = rc.get("p0").asDouble();
            String position = Funnel.position(x, n, p0);
            assertEquals(rc.get("position").asText(), position, "position of " + x + "/" + n + " at p0 " + p0);
            seen.add(position);
        }
        assertEquals(Set.of("above_99_8", "above_95", "within", "below_95", "below_99_8"), seen,
                "every position is exercised");
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Funnel.limit(0, 0.1, 0.025));
        assertThrows(IllegalArgumentException.class, () -> Funnel.limit(10, 1.5, 0.025));
        assertThrows(IllegalArgumentException.class, () -> Funnel.limit(10, 0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Funnel.position(11, 10, 0.1));
    }
}
