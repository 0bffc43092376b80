package org.nelmregistry.deidentification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.nelmregistry.deidentification.repository.ReleasedRecordRepository;
import org.nelmregistry.risk.QuasiIdentifier;
import org.nelmregistry.risk.ReleaseRisk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Release risk over every released record, under the disclosure policy of the architecture
 * ("Disclosure control"): unsuppressed roles get exact values; for protected roles an
 * equivalence class of 1 to 4 records is a small cell. Its size and the number of such classes
 * are withheld, and so is every total that would give them back: if the withheld records add up
 * to 1 to 4 (recoverable as records minus the shown classes), the next smallest class size is
 * withheld too; the number of classes, the smallest class below 5 and a records-below-k that
 * splits the withheld classes are withheld.
 */
@ApplicationScoped
public class RiskService {

    /** Class sizes from 1 to this are small cells for protected roles. */
    public static final int SMALL = 4;

    @Inject
    ReleasedRecordRepository released;

    public RiskReport assess(List<QuasiIdentifier> qis, int k, boolean exact) {
        return view(ReleaseRisk.assess(released.all(), qis, k), exact);
    }

    static RiskReport view(ReleaseRisk.Report r, boolean exact) {
        if (exact) {
            List<RiskReport.ClassSize> sizes = new ArrayList<>();
            r.classSizes().forEach((size, n) -> sizes.add(new RiskReport.ClassSize(RiskReport.Count.of(size), RiskReport.Count.of(n))));
            return new RiskReport(r.quasiIdentifiers(), r.threshold(), false, RiskReport.Count.of(r.records()),
                    RiskReport.Count.of(r.classes()), sizes, RiskReport.Count.of(r.smallestK()), RiskReport.Count.of(r.recordsBelowK()),
                    r.shareBelowK(), r.maxProsecutorRisk(), r.averageProsecutorRisk());
        }
        Map<Integer, Integer> shown = new TreeMap<>(r.classSizes());
        int withheldRecords = 0;
        for (int size = 1; size <= SMALL; size++) {
            Integer n = shown.remove(size);
            withheldRecords += n == null ? 0 : size * n;
        }
        boolean complementary = false;
        if (withheldRecords > 0 && withheldRecords <= SMALL && !shown.isEmpty()) {
            // records minus the shown classes would give the small cells back: withhold the next smallest size too
            int next = shown.keySet().iterator().next();
            withheldRecords += next * shown.remove(next);
            complementary = true;
        }
        boolean anyWithheld = withheldRecords > 0;
        List<RiskReport.ClassSize> sizes = new ArrayList<>();
        shown.forEach((size, n) -> sizes.add(new RiskReport.ClassSize(RiskReport.Count.of(size), RiskReport.Count.of(n))));
        if (anyWithheld) {
            sizes.add(0, new RiskReport.ClassSize(RiskReport.Count.hidden(), RiskReport.Count.hidden()));
        }
        RiskReport.Count records = small(r.records()) ? RiskReport.Count.hidden() : RiskReport.Count.of(r.records());
        RiskReport.Count classes = anyWithheld ? RiskReport.Count.hidden() : RiskReport.Count.of(r.classes());
        boolean smallestWithheld = small(r.smallestK());
        // below k >= 5 without complementary cells it covers all withheld classes and adds only shown ones
        boolean belowWithheld = small(r.recordsBelowK()) || anyWithheld && (complementary || r.threshold() <= SMALL);
        return new RiskReport(r.quasiIdentifiers(), r.threshold(), true, records, classes, sizes,
                smallestWithheld ? RiskReport.Count.hidden() : RiskReport.Count.of(r.smallestK()),
                belowWithheld ? RiskReport.Count.hidden() : RiskReport.Count.of(r.recordsBelowK()),
                belowWithheld || records.suppressed() ? null : r.shareBelowK(),
                smallestWithheld ? null : r.maxProsecutorRisk(),
                classes.suppressed() || records.suppressed() ? null : r.averageProsecutorRisk());
    }

    private static boolean small(int n) {
        return n >= 1 && n <= SMALL;
    }
}
