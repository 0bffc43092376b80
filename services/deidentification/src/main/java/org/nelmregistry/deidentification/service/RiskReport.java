package org.nelmregistry.deidentification.service;

import java.util.List;

/**
 * The release-risk report as served: every count is {@code {"count": n, "suppressed": false}},
 * or {@code {"count": null, "suppressed": true}} where disclosure control withholds it.
 *
 * @param classSizes one entry per class size: the size and how many classes have it; for a
 *                   protected role the withheld classes are one entry with both counts suppressed
 */
public record RiskReport(List<String> quasiIdentifiers, int threshold, boolean protectedView, Count records, Count classes,
        List<ClassSize> classSizes, Count smallestK, Count recordsBelowK, Double shareBelowK, Double maxProsecutorRisk,
        Double averageProsecutorRisk) {

    public record Count(Integer count, boolean suppressed) {

        static Count of(int n) {
            return new Count(n, false);
        }

        static Count hidden() {
            return new Count(null, true);
        }
    }

    public record ClassSize(Count size, Count classes) {
    }
}
