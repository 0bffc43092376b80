package org.nelmregistry.statistics;

/**
 * The log-rank test as R's {@code survdiff}: chi-square, degrees of freedom (groups with expected
 * events &gt; 0, minus one) and the upper-tail chi-square p-value.
 */
public record LogRankResult(double chisq, int df, double p) {

    /**
     * False when fewer than two groups have expected events (e.g. no events at all): R then gives
     * chisq 0 with df 0 (p 1) or df −1 (p NaN), which is no test; a report should show none.
     */
    public boolean defined() {
        return df >= 1 && !Double.isNaN(p);
    }
}
