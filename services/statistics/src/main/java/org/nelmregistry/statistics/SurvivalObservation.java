package org.nelmregistry.statistics;

/** One subject's follow-up: time (e.g. days, ≥ 0) and whether it ended in the event (true) or was censored. */
public record SurvivalObservation(double time, boolean event) {
    public SurvivalObservation {
        if (!(time >= 0) || Double.isInfinite(time)) {
            throw new IllegalArgumentException("time must be finite and ≥ 0, was " + time);
        }
    }
}
