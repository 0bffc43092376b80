package org.nelmregistry.statistics;

/**
 * One row of a Kaplan–Meier fit, at a distinct observed time (event or censoring), as R's
 * {@code fit$time, fit$n.risk, fit$n.event, fit$n.censor, fit$surv, fit$lower, fit$upper}.
 * {@code lower}/{@code upper} are null where R gives NA (survival 1 or 0 with log-log limits).
 */
public record KmStep(double time, int nRisk, int nEvent, int nCensor, double survival, Double lower, Double upper) {}
