package org.nelmregistry.reporting.report;

/** One group (or the total, group null) of an outcome report. */
public record OutcomeGroup(String group, Integer numerator, Integer denominator, Integer notEvaluable,
        Double rate, Double ciLower, Double ciUpper, boolean suppressed) {
}
