package org.nelmregistry.reporting.report;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code {"indicator", "p0", "total_numerator", "total_denominator", "centres": [...], "curve": [...]}}. */
public record FunnelReport(String indicator, Double p0, Integer totalNumerator, Integer totalDenominator,
        List<Centre> centres, List<CurvePoint> curve) {

    public record Centre(String centreId, Integer numerator, Integer denominator, Double rate,
            @JsonProperty("lower_95") Double lower95, @JsonProperty("upper_95") Double upper95,
            @JsonProperty("lower_99_8") Double lower998, @JsonProperty("upper_99_8") Double upper998, String position, boolean suppressed) {
    }

    public record CurvePoint(int denominator,
            @JsonProperty("lower_95") double lower95, @JsonProperty("upper_95") double upper95,
            @JsonProperty("lower_99_8") double lower998, @JsonProperty("upper_99_8") double upper998) {
    }
}
