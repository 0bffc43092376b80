package org.nelmregistry.deidentification.service;

import org.junit.jupiter.api.Test;
import org.nelmregistry.risk.QuasiIdentifier;
import org.nelmregistry.risk.ReleaseRisk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Disclosure control of the risk report: exact for unsuppressed roles, no small cell for protected ones. */
class RiskServiceTest {

    /** Records with the given class sizes, one class per centre. */
    static ReleaseRisk.Report report(int k, int... sizes) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                Map<String, Object> r = new HashMap<>();
                r.put("centre_id", "C" + c);
                records.add(r);
            }
        }
        return ReleaseRisk.assess(records, List.of(QuasiIdentifier.of("centre")), k);
    }

    /** The adversary: every shown count, and what records minus the shown classes gives back. */
    static void noSmallCellRecoverable(RiskReport r) {
        int shownRecords = 0;
        for (RiskReport.ClassSize s : r.classSizes()) {
            if (!s.size().suppressed()) {
                assertTrue(s.size().count() > RiskService.SMALL, "a small class size is shown: " + r);
                shownRecords += s.size().count() * s.classes().count();
            }
        }
        if (!r.records().suppressed()) {
            int rest = r.records().count() - shownRecords;
            assertTrue(rest == 0 || rest > RiskService.SMALL, "records minus shown classes gives a small cell back: " + r);
        }
        for (RiskReport.Count c : List.of(r.smallestK(), r.recordsBelowK())) {
            assertTrue(c.suppressed() || c.count() == 0 || c.count() > RiskService.SMALL, "small count shown: " + r);
        }
    }

    @Test
    void unsuppressedRolesSeeExactClassSizes() {
        RiskReport r = RiskService.view(report(5, 1, 3, 7), true);
        assertFalse(r.protectedView());
        assertEquals(11, r.records().count());
        assertEquals(1, r.smallestK().count());
        assertEquals(List.of(1, 3, 7), r.classSizes().stream().map(s -> s.size().count()).toList());
        assertEquals(4, r.recordsBelowK().count());
    }

    @Test
    void protectedRolesGetSmallClassesSuppressed() {
        RiskReport r = RiskService.view(report(5, 3, 4, 7, 9), false);
        assertTrue(r.protectedView());
        assertTrue(r.classSizes().get(0).size().suppressed());
        assertNull(r.classSizes().get(0).size().count());
        assertTrue(r.classes().suppressed(), "classes minus shown classes would count the small ones");
        assertTrue(r.smallestK().suppressed());
        assertNull(r.maxProsecutorRisk());
        assertNull(r.averageProsecutorRisk());
        assertEquals(List.of(7, 9), r.classSizes().stream().filter(s -> !s.size().suppressed()).map(s -> s.size().count()).toList());
        assertEquals(23, r.records().count());
        assertEquals(7, r.recordsBelowK().count(), "k = 5 covers exactly the withheld classes, already 7 = 23 - 16");
        noSmallCellRecoverable(r);
    }

    @Test
    void aSingleSmallRecordIsNotRecoverableFromTheTotal() {
        // 1 + 6 + 6 + 9 = 22: without the complementary cell, 22 - 21 = 1 would be the hidden class
        RiskReport r = RiskService.view(report(5, 1, 6, 6, 9), false);
        assertEquals(List.of(9), r.classSizes().stream().filter(s -> !s.size().suppressed()).map(s -> s.size().count()).toList());
        assertTrue(r.recordsBelowK().suppressed());
        noSmallCellRecoverable(r);
    }

    @Test
    void aThresholdBelowFiveWouldSplitTheWithheldClasses() {
        RiskReport r = RiskService.view(report(2, 1, 4, 7), false);
        assertTrue(r.recordsBelowK().suppressed(), "records in classes of 1 is a small cell");
        assertNull(r.shareBelowK());
        noSmallCellRecoverable(r);
    }

    @Test
    void fewRecordsInAllAreSuppressedToo() {
        RiskReport r = RiskService.view(report(5, 1, 2), false);
        assertTrue(r.records().suppressed());
        noSmallCellRecoverable(r);
    }

    @Test
    void withoutSmallClassesProtectedRolesSeeEverything() {
        RiskReport r = RiskService.view(report(5, 5, 8), false);
        assertEquals(2, r.classes().count());
        assertEquals(5, r.smallestK().count());
        assertEquals(0, r.recordsBelowK().count());
        noSmallCellRecoverable(r);
    }
}
