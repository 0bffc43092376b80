package org.nelmregistry.reporting.report;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Summary counts: primary and complementary suppression, the lead's own centre, ancestors (values worked by hand). */
class SummaryDisclosureTest {

    static Map<Object, SummaryCell> byValue(List<SummaryCell> cells, String dim) {
        Map<Object, SummaryCell> m = new HashMap<>();
        cells.forEach(c -> m.put(c.dims().get(dim), c));
        return m;
    }

    @Test
    void unprotectedViewersGetExactCountsMarginsAndTotal() {
        SummaryReport r = Reports.summary(Cohort.fourCentres(), Cohort.fourCentres(), List.of("centre_id"), Viewer.EXACT);
        Map<Object, SummaryCell> c = byValue(r.cells(), "centre_id");
        assertEquals(3, c.get("C2").count());
        assertFalse(c.get("C2").suppressed());
        assertEquals(4, r.margins().size());
        assertEquals(32, r.total().count());
    }

    /**
     * C1=10, C2=3, C3=7, C4=12, total 32. C2 (3) is hidden; alone in the total's line it would be 32−10−7−12, so the
     * smallest other cell, C3, is hidden too; but C3's lead knows its own 7 and would get C2 = 32−10−12−7, so C1 (the
     * smallest cell C3's lead does not know) is hidden as well. C4 and the total stay.
     */
    @Test
    void complementarySuppressionHoldsAgainstALeadWhoKnowsItsOwnCentre() {
        SummaryReport r = Reports.summary(Cohort.fourCentres(), Cohort.fourCentres(), List.of("centre_id"), Viewer.STEERING);
        Map<Object, SummaryCell> c = byValue(r.cells(), "centre_id");
        assertTrue(c.get("C1").suppressed());
        assertNull(c.get("C2").count());
        assertTrue(c.get("C2").suppressed());
        assertTrue(c.get("C3").suppressed());
        assertEquals(12, c.get("C4").count());
        assertEquals(32, r.total().count());
        assertEquals(r.cells(), r.margins(), "one dimension: the margins are the cells");
    }

    /** Two hidden cells of 1 would each be 1 from their sum (2): a third cell is hidden so each could be 5 or more. */
    @Test
    void hiddenCellsWhoseSumIsSmallGetAThirdOne() {
        List<AnalyticCase> cases = new Cohort().sex("female").centre("C1").add(1).sex("male").centre("C2").add(1)
                .sex("other").centre("C3").add(5).centre("C4").add(4).sex("unknown").centre("C5").add(20).cases();
        SummaryReport r = Reports.summary(cases, cases, List.of("sex"), Viewer.STEERING);
        Map<Object, SummaryCell> c = byValue(r.cells(), "sex");
        assertTrue(c.get("female").suppressed());
        assertTrue(c.get("male").suppressed());
        assertTrue(c.get("other").suppressed(), "9 hidden beside the two 1s");
        assertEquals(20, c.get("unknown").count());
        assertEquals(31, r.total().count());
    }

    @Test
    void aCentreLeadSeesItsOwnCentreExactlyAndNothingElseNeedsHiding() {
        SummaryReport r = Reports.summary(Cohort.fourCentres(), Cohort.fourCentres(), List.of("centre_id"),
                Viewer.centreLead("C2"));
        Map<Object, SummaryCell> c = byValue(r.cells(), "centre_id");
        assertEquals(3, c.get("C2").count());
        assertFalse(c.get("C2").suppressed());
        assertEquals(10, c.get("C1").count());
        assertEquals(7, c.get("C3").count());
        assertEquals(32, r.total().count());
    }

    /** female = 5 of the lead's own + 1 of C1: shown, it would tell the lead that other centres have exactly 1. */
    @Test
    void aLeadDoesNotSeeACountWhoseOtherCentresPartIsOneToFour() {
        List<AnalyticCase> cases = new Cohort().sex("female").centre("C2").add(5).centre("C1").add(1)
                .sex("male").add(10).sex("other").centre("C3").add(7).cases();
        SummaryReport r = Reports.summary(cases, cases, List.of("sex"), Viewer.centreLead("C2"));
        Map<Object, SummaryCell> c = byValue(r.cells(), "sex");
        assertTrue(c.get("female").suppressed());
        assertTrue(c.get("other").suppressed(), "complementary: 23 − 10 − 7 would give female");
        assertEquals(10, c.get("male").count());
        assertEquals(23, r.total().count());
    }

    /**
     * Population C1=10 (2 of them G2), C2=12, C3=9. Asked for G1: C1=8 and total 29 differ from the unfiltered 10 and
     * 31 by 2, so both are hidden; C1's lead knows its 8 and would get the total back from 8+12+9, so C3 is hidden too.
     */
    @Test
    void aFilteredCountThatDiffersFromTheUnfilteredByOneToFourIsHidden() {
        List<AnalyticCase> pop = new Cohort().centre("C1").add(8).grade("G2").add(2).grade("G1").centre("C2").add(12)
                .centre("C3").add(9).cases();
        List<AnalyticCase> g1 = pop.stream().filter(c -> c.whoGrade().equals("G1")).toList();
        SummaryReport all = Reports.summary(pop, pop, List.of("centre_id"), Viewer.STEERING);
        assertTrue(all.cells().stream().noneMatch(SummaryCell::suppressed));
        SummaryReport r = Reports.summary(g1, pop, List.of("centre_id"), Viewer.STEERING);
        Map<Object, SummaryCell> c = byValue(r.cells(), "centre_id");
        assertTrue(c.get("C1").suppressed());
        assertEquals(12, c.get("C2").count());
        assertTrue(c.get("C3").suppressed());
        assertTrue(r.total().suppressed());
        assertNull(r.total().count());
    }

    /** C1 (10) is hidden in the unfiltered table (complementary): a request that isolates C1 must not show it. */
    @Test
    void aFilteredRequestNeverShowsAGroupTheUnfilteredTableWithholds() {
        List<AnalyticCase> pop = Cohort.fourCentres();
        List<AnalyticCase> c1 = pop.stream().filter(c -> c.centreId().equals("C1")).toList();
        SummaryReport r = Reports.summary(c1, pop, List.of("centre_id"), Viewer.STEERING);
        assertTrue(r.cells().get(0).suppressed());
        assertTrue(r.total().suppressed(), "the total is the same 10");
    }

    @Test
    void twoDimensionsHaveMarginsPerDimensionAndNoLineWithASingleHiddenCount() {
        List<AnalyticCase> cases = new Cohort().centre("C1").sex("female").add(8).sex("male").add(2)
                .centre("C2").sex("female").add(9).sex("male").add(11).centre("C3").sex("female").add(6).sex("male").add(7)
                .cases();
        SummaryReport r = Reports.summary(cases, cases, List.of("centre_id", "sex"), Viewer.STEERING);
        assertEquals(6, r.cells().size());
        assertEquals(5, r.margins().size(), "3 centres + 2 sexes");
        assertEquals("female", r.cells().get(0).dims().get("sex"));
        // the C1 row: male 2 hidden, so female 8 must be hidden too; the male column likewise needs a second cell
        long hiddenInC1 = r.cells().stream().filter(c -> c.dims().get("centre_id").equals("C1") && c.suppressed()).count();
        long hiddenMale = r.cells().stream().filter(c -> c.dims().get("sex").equals("male") && c.suppressed()).count();
        assertTrue(hiddenInC1 >= 2 || byValue(r.margins(), "centre_id").get("C1").suppressed());
        assertTrue(hiddenMale >= 2 || byValue(r.margins(), "sex").get("male").suppressed());
        assertEquals(43, r.total().count());
    }
}
