package org.nelmregistry.statistics;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * Funnel-plot limits for a proportion by Spiegelhalter's exact binomial method with interpolation
 * (Stat Med 2005;24:1185): for tail probability q, {@code r = qbinom(q, n, p0)},
 * {@code alpha = (F(r) - q) / (F(r) - F(r-1))} with F the Binomial(n, p0) CDF, and the limit is
 * {@code (r - alpha) / n} clamped to [0, 1].
 */
public final class Funnel {

    public static final double Q_LOWER_998 = 0.001;
    public static final double Q_LOWER_95 = 0.025;
    public static final double Q_UPPER_95 = 0.975;
    public static final double Q_UPPER_998 = 0.999;

    public static final String ABOVE_99_8 = "above_99_8";
    public static final String ABOVE_95 = "above_95";
    public static final String WITHIN = "within";
    public static final String BELOW_95 = "below_95";
    public static final String BELOW_99_8 = "below_99_8";

    private Funnel() {}

    /**
     * The limit for tail probability q at denominator n around the target proportion p0.
     *
     * @throws IllegalArgumentException unless n ≥ 1, 0 ≤ p0 ≤ 1 and 0 &lt; q &lt; 1
     */
    public static double limit(int n, double p0, double q) {
        check(n, p0);
        if (!(q > 0 && q < 1)) throw new IllegalArgumentException("q must be in (0, 1), was " + q);
        return limit(Distributions.binomial(n, p0), n, p0, q);
    }

    /** All four limits at denominator n. */
    public static FunnelLimits limits(int n, double p0) {
        check(n, p0);
        BinomialDistribution f = Distributions.binomial(n, p0);
        return new FunnelLimits(
                limit(f, n, p0, Q_LOWER_95), limit(f, n, p0, Q_UPPER_95),
                limit(f, n, p0, Q_LOWER_998), limit(f, n, p0, Q_UPPER_998));
    }

    /**
     * Where x/n sits against the limits at its own n: {@code above_99_8}, {@code above_95},
     * {@code within}, {@code below_95} or {@code below_99_8}. Only strictly outside a limit counts;
     * a rate on a limit is inside it.
     */
    public static String position(int x, int n, double p0) {
        if (x < 0 || x > n) throw new IllegalArgumentException("x must be in [0, n], was " + x + " of " + n);
        return position(x, n, limits(n, p0));
    }

    /** As {@link #position(int, int, double)} with limits already computed for this n. */
    public static String position(int x, int n, FunnelLimits limits) {
        double rate = (double) x / n;
        if (rate > limits.upper998()) return ABOVE_99_8;
        if (rate > limits.upper95()) return ABOVE_95;
        if (rate < limits.lower998()) return BELOW_99_8;
        if (rate < limits.lower95()) return BELOW_95;
        return WITHIN;
    }

    private static double limit(BinomialDistribution f, int n, double p0, double q) {
        int r = Distributions.qbinom(f, q);
        double fr = f.cumulativeProbability(r);
        double frm1 = f.cumulativeProbability(r - 1);
        double alpha = (fr - q) / (fr - frm1);
        double limit = (r - alpha) / n;
        return Math.min(1.0, Math.max(0.0, limit));
    }

    private static void check(int n, double p0) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, was " + n);
        if (!(p0 >= 0 && p0 <= 1)) throw new IllegalArgumentException("p0 must be in [0, 1], was " + p0);
    }
}
