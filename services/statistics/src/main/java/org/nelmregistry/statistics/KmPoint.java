package org.nelmregistry.statistics;

/** The curve at a requested time, as R's {@code summary(fit, times = t)} reports it. */
public record KmPoint(double time, int nRisk, double survival, Double lower, Double upper) {}
