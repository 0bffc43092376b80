package org.nelmregistry.reporting.report;

import java.util.List;

/** The ALPPS benchmark panel (indicator=alpps_benchmarks): each measure beside its benchmark cut-off. */
public record AlppsPanel(String indicator, Integer n, boolean suppressed, List<AlppsMeasure> measures) {

    /**
     * One measure: {@code value} (a proportion, or days for the interstage interval), its denominator {@code n},
     * the benchmark {@code comparison} ("<=" or ">=") and {@code benchmark}, and {@code met} (null when withheld or
     * not computable).
     */
    public record AlppsMeasure(String measure, String unit, Integer n, Double value, String comparison,
            double benchmark, Boolean met, boolean suppressed) {
    }
}
