package org.nelmregistry.reporting.report;

import java.util.List;

/** {@code {"endpoint", "by", "conf_type": "log-log", "strata": [...], "logrank": {...} | null}}. */
public record SurvivalReport(String endpoint, String by, String confType, List<Stratum> strata, LogRank logrank) {

    public record Stratum(String group, Integer n, Integer events, List<Step> steps, List<AtRisk> atRisk,
            Double medianDays, Double medianLower, Double medianUpper, List<SurvivalAt> survivalAt,
            Double medianFollowUpDays, boolean suppressed) {
    }

    public record Step(double timeDays, Integer nRisk, Integer nEvent, Integer nCensor, double survival,
            Double lower, Double upper) {
    }

    public record AtRisk(int years, Integer n) {
    }

    public record SurvivalAt(int years, Double survival, Double lower, Double upper) {
    }

    public record LogRank(double chisq, int df, double p) {
    }
}
