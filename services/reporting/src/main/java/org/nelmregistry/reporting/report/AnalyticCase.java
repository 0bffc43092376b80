package org.nelmregistry.reporting.report;

import java.util.List;

/** One case of the analytic store, as the reports need it. Integers 1/0 for outcomes; null = not evaluable / not in the population. */
public record AnalyticCase(String casePseudonym, String patientPseudonym, String centreId, int indexYear, Integer ageAtIndex,
        String sex, String consentScope, String primarySite, String whoGrade, String distributionType,
        String indexProcedureType, String indexProcedureIntent,
        Integer death90d, Integer majorMorbidity, Integer phlfBc, Integer r0Resection,
        Integer osDays, Integer osEvent, Integer rfsDays, Integer rfsEvent,
        List<AnalyticProcedure> procedures) {
}
