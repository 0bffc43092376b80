package org.nelmregistry.statistics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/** The log-rank test (rho = 0) as R's {@code survdiff(Surv(time, event) ~ group)}. */
public final class LogRank {

    private LogRank() {}

    /**
     * Compares the groups' survival. Empty groups are dropped, as R drops factor levels nobody has.
     * As R: df = (groups with expected events &gt; 0) − 1 and chisq = 0 when fewer than two groups
     * have expected events; then p is 1 for df = 0 and NaN for df = −1 (no events at all) — a caller
     * presenting JSON should show no test in that case.
     *
     * @throws IllegalArgumentException when fewer than two groups have observations (R: "There is only 1 group")
     */
    public static LogRankResult test(List<List<SurvivalObservation>> groups) {
        List<List<SurvivalObservation>> present = new ArrayList<>();
        for (List<SurvivalObservation> g : groups) {
            if (g != null && !g.isEmpty()) present.add(g);
        }
        int k = present.size();
        if (k < 2) throw new IllegalArgumentException("the log-rank test needs at least two non-empty groups, got " + k);

        record Obs(double time, boolean event, int group) {}
        List<Obs> all = new ArrayList<>();
        int[] atRisk = new int[k];
        for (int g = 0; g < k; g++) {
            for (SurvivalObservation o : present.get(g)) all.add(new Obs(o.time(), o.event(), g));
            atRisk[g] = present.get(g).size();
        }
        all.sort(Comparator.comparingDouble(Obs::time));

        double[] observed = new double[k];
        double[] expected = new double[k];
        double[][] var = new double[k][k];
        int total = all.size();
        int i = 0;
        while (i < all.size()) {
            double t = all.get(i).time();
            int[] deaths = new int[k];
            int[] leaving = new int[k];
            int d = 0;
            while (i < all.size() && all.get(i).time() == t) {
                Obs o = all.get(i);
                if (o.event()) { deaths[o.group()]++; d++; }
                leaving[o.group()]++;
                i++;
            }
            if (d > 0) {
                double n = total;
                // hypergeometric variance; zero when only one subject is at risk
                double kk = total > 1 ? d * (n - d) / (n * (n - 1)) : 0.0;
                for (int g = 0; g < k; g++) {
                    observed[g] += deaths[g];
                    expected[g] += d * atRisk[g] / n;
                    for (int h = 0; h < k; h++) {
                        var[g][h] += kk * atRisk[g] * ((g == h ? 1.0 : 0.0) - atRisk[h] / n);
                    }
                }
            }
            for (int g = 0; g < k; g++) {
                atRisk[g] -= leaving[g];
                total -= leaving[g];
            }
        }

        List<Integer> used = new ArrayList<>();
        for (int g = 0; g < k; g++) if (expected[g] > 0) used.add(g);
        int df = used.size() - 1;
        double chisq = 0.0;
        if (used.size() >= 2) {
            // R drops the first used group and solves V[-1,-1] x = (O - E)[-1]
            int m = used.size() - 1;
            RealMatrix v = new Array2DRowRealMatrix(m, m);
            RealVector diff = new ArrayRealVector(m);
            for (int a = 0; a < m; a++) {
                int ga = used.get(a + 1);
                diff.setEntry(a, observed[ga] - expected[ga]);
                for (int b = 0; b < m; b++) v.setEntry(a, b, var[ga][used.get(b + 1)]);
            }
            try {
                RealVector solved = new LUDecomposition(v, Double.MIN_NORMAL).getSolver().solve(diff);
                chisq = solved.dotProduct(diff);
            } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
                // no variance to test against (e.g. every subject at risk has the event at once):
                // R's solve() stops with an error here; the test is undefined
                return new LogRankResult(Double.NaN, df, Double.NaN);
            }
        }
        return new LogRankResult(chisq, df, Distributions.pchisqUpper(chisq, df));
    }
}
