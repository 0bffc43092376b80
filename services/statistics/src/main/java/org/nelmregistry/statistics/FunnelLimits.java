package org.nelmregistry.statistics;

/** Funnel-plot control limits (as proportions) at one denominator: 95% (2.5%/97.5%) and 99.8% (0.1%/99.9%). */
public record FunnelLimits(double lower95, double upper95, double lower998, double upper998) {}
