package org.nelmregistry.statistics;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * Thin wrappers over Commons Math with R's conventions. The special functions are the library's;
 * only the calling conventions (accuracy, tails, R's quantile fuzz) are set here.
 */
final class Distributions {

    private Distributions() {}

    /** Commons Math's default inverse accuracy for the beta distribution (1e-9) is too coarse for 1e-6 on tiny quantiles. */
    private static final double BETA_INVERSE_ACCURACY = 1e-15;

    /** R multiplies the lower-tail probability by (1 − 64ε) in qbinom so that an exact hit F(y) = p returns y. */
    private static final double R_QUANTILE_FUZZ = 1 - 64 * Math.ulp(1.0);

    static final double Z_975 = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.975);

    /** R's qbeta(p, a, b). */
    static double qbeta(double p, double a, double b) {
        // a null random generator: the distribution is only evaluated, never sampled
        return new BetaDistribution(null, a, b, BETA_INVERSE_ACCURACY).inverseCumulativeProbability(p);
    }

    /** R's qbinom(p, n, prob): the smallest y with pbinom(y) ≥ p (with R's fuzz). */
    static int qbinom(double p, int n, double prob) {
        return qbinom(binomial(n, prob), p);
    }

    static int qbinom(BinomialDistribution f, double p) {
        return f.inverseCumulativeProbability(p * R_QUANTILE_FUZZ);
    }

    /** R's pbinom(y, n, prob); 0 for y &lt; 0, 1 for y ≥ n. */
    static double pbinom(int y, int n, double prob) {
        return binomial(n, prob).cumulativeProbability(y);
    }

    static BinomialDistribution binomial(int n, double prob) {
        return new BinomialDistribution(null, n, prob);
    }

    /**
     * R's pchisq(x, df, lower.tail = FALSE), from the regularised upper incomplete gamma function
     * so that small p-values keep their relative precision (1 − CDF would not).
     */
    static double pchisqUpper(double x, int df) {
        if (df < 0 || Double.isNaN(x)) return Double.NaN;
        // a chi-square with 0 degrees of freedom is a point mass at 0; R answers 1 at x = 0
        if (df == 0) return x < 0 ? 1.0 : (x == 0 ? 1.0 : 0.0);
        if (x <= 0) return 1.0;
        return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
    }
}
