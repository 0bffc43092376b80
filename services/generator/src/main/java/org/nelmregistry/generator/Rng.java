package org.nelmregistry.generator;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random source with the few draws the generator needs. Every draw goes through
 * {@link SplittableRandom#nextDouble()}/{@code nextLong}, whose algorithm the JDK specifies,
 * so the same seed gives the same cohort on every JVM.
 */
final class Rng {

    private final SplittableRandom r;

    Rng(long seed) {
        this.r = new SplittableRandom(seed);
    }

    /** A stream of its own for item {@code i} of a seeded whole (stable whatever else is drawn). */
    static Rng of(long seed, long i) {
        return new Rng(mix(seed * 0x9E3779B97F4A7C15L + i));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    double u() {
        return r.nextDouble();
    }

    boolean chance(double p) {
        return u() < p;
    }

    /** Uniform whole number in [lo, hi]. */
    int between(int lo, int hi) {
        return lo + (int) Math.floor(u() * (hi - lo + 1));
    }

    double uniform(double lo, double hi) {
        return lo + u() * (hi - lo);
    }

    /** Box-Muller from two uniforms: the JDK's own nextGaussian changed between releases. */
    double normal(double mean, double sd) {
        double u1 = Math.max(u(), 1e-12);
        double u2 = u();
        return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Exponential waiting time with the given rate. */
    double exp(double rate) {
        return -Math.log(Math.max(1 - u(), 1e-12)) / rate;
    }

    <T> T pick(List<T> values) {
        return values.get(Math.min(values.size() - 1, (int) (u() * values.size())));
    }

    /** values[i] with probability weights[i] / sum(weights). */
    String weighted(String[] values, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = u() * total;
        for (int i = 0; i < values.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** A decimal with one digit after the point, uniform in [lo, hi]. */
    BigDecimal decimal1(double lo, double hi) {
        return BigDecimal.valueOf(Math.round(uniform(lo, hi) * 10), 1);
    }
}
