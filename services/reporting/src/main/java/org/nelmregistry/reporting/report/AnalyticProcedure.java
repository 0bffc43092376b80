package org.nelmregistry.reporting.report;

/** One procedure (seq 1-based in the case's order), its day relative to the index procedure and its per-procedure outcomes (unit=procedure). */
public record AnalyticProcedure(int seq, String procedureType, String intent, int day,
        Integer death90d, Integer majorMorbidity, Integer phlfBc, Integer r0Resection) {
}
