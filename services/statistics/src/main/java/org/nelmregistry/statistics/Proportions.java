package org.nelmregistry.statistics;

/** Binomial proportions: exact (Clopper–Pearson) confidence intervals, as R's {@code binom.test}. */
public final class Proportions {

    private Proportions() {}

    /**
     * Clopper–Pearson exact interval for x successes out of n.
     *
     * @throws IllegalArgumentException unless 1 ≤ n, 0 ≤ x ≤ n and 0 &lt; confidence &lt; 1
     */
    public static Interval clopperPearson(int x, int n, double confidence) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, was " + n);
        if (x < 0 || x > n) throw new IllegalArgumentException("x must be in [0, n], was " + x + " of " + n);
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        double alpha = 1 - confidence;
        double lower = x == 0 ? 0.0 : Distributions.qbeta(alpha / 2, x, n - x + 1);
        double upper = x == n ? 1.0 : Distributions.qbeta(1 - alpha / 2, x + 1, n - x);
        return new Interval(lower, upper);
    }

    /** The rate x / n (NaN when n = 0). */
    public static double rate(int x, int n) {
        return n == 0 ? Double.NaN : (double) x / n;
    }
}
