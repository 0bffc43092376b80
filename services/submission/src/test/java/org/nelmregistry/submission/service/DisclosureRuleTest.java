package org.nelmregistry.submission.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Complementary suppression of centre totals: one withheld total never stands alone. */
class DisclosureRuleTest {

    static Object[] row(String centre, long total) {
        return new Object[] {centre, total};
    }

    @Test
    void aLoneSmallTotalTakesTheNextSmallestWithIt() {
        assertEquals(Set.of("X", "Y"), QualityService.hiddenTotals(List.of(row("X", 2), row("Y", 9), row("Z", 30))));
    }

    @Test
    void twoSmallTotalsNeedNoMore() {
        assertEquals(Set.of("X", "Y"), QualityService.hiddenTotals(List.of(row("X", 2), row("Y", 4), row("Z", 30))));
    }

    @Test
    void noSmallTotalNothingWithheld() {
        assertEquals(Set.of(), QualityService.hiddenTotals(List.of(row("X", 5), row("Y", 9))));
    }

    @Test
    void tiesAreBrokenByCentre() {
        assertEquals(Set.of("A", "B"), QualityService.hiddenTotals(List.of(row("A", 1), row("C", 9), row("B", 9))));
    }
}
