package org.nelmregistry.statistics;

/**
 * A two-sided confidence interval for a proportion.
 *
 * <p>Clopper–Pearson exact interval: lower {@code qbeta(a/2, x, n-x+1)} (0 when x = 0), upper
 * {@code qbeta(1-a/2, x+1, n-x)} (1 when x = n), a = 1 − confidence.
 */
public record Interval(double lower, double upper) {}
