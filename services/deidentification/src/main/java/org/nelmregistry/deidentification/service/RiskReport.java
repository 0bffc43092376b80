package org.nelmregistry.deidentification.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The release-risk report as served: every count is {@code {"count": n, "suppressed": false}},
 * or {@code {"count": null, "suppressed": true}} where disclosure control withholds it.
 *
 * @param classSizes one entry per class size: the size and how many classes have it; for a
 *                   protected role the withheld classes are one entry with both counts suppressed
 */
@Schema(name = "RiskReport")
public record RiskReport(List<String> quasiIdentifiers, int threshold, boolean protectedView, Count records, Count classes,
        List<ClassSize> classSizes, Count smallestK, Count recordsBelowK, Double shareBelowK, Double maxProsecutorRisk,
        Double averageProsecutorRisk) {

    @Schema(name = "RiskCount", description = "A count, or null with suppressed true where disclosure control withholds it")
    public record Count(Integer count, boolean suppressed) {

        static Count of(int n) {
            return new Count(n, false);
        }

        static Count hidden() {
            return new Count(null, true);
        }
    }

    @Schema(name = "RiskClassSize")
    public record ClassSize(Count size, Count classes) {
    }
}
