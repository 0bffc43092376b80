package org.nelmregistry.reporting.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suppression adversary on 400 synthetic cases: every report with no filter, each single filter and pairs of
 * filters (up to 6 value pairs for each two attributes, to stay within the time budget; the fuller run
 * {@link SuppressionAudit#main} takes every pair); shown counts, the lines of every table (solved repeatedly, also by
 * a lead who knows its own centre) and differences between nested requests reveal no protected count from 1 to 4.
 */
class SuppressionAdversaryTest {

    static final List<AnalyticCase> COHORT = SyntheticCohort.generate(400, 14, 20261129L);

    @Test
    void steeringCommitteeLearnsNoCountFromOneToFour() {
        assertNoLeak(Viewer.STEERING);
    }

    @Test
    void centreLeadLearnsNoOtherCentresCountFromOneToFour() {
        assertNoLeak(Viewer.centreLead("C001"));
    }

    /** The adversary is real: judged as the steering committee's, exact output fails every kind of check. */
    @Test
    void theAdversaryFindsLeaksInUnsuppressedOutput() {
        SuppressionAudit a = new SuppressionAudit(COHORT, Viewer.STEERING,
                new SuppressionAudit.Config(400, 14, 1, 1, true, 3, false), Viewer.EXACT);
        List<String> found = a.run();
        assertTrue(found.stream().anyMatch(s -> s.contains("shows a count of")), "small counts shown");
        assertTrue(found.stream().anyMatch(s -> s.contains("differs by")), "differences between requests");
        assertTrue(found.stream().anyMatch(s -> s.contains("protected steps carry counts")), "survival counts");
    }

    private static void assertNoLeak(Viewer v) {
        SuppressionAudit a = new SuppressionAudit(COHORT, v, SuppressionAudit.Config.quick());
        List<String> found = a.run();
        assertTrue(a.requests() > 150, "requests audited: " + a.requests());
        assertEquals(List.of(), found.stream().distinct().limit(40).toList(), found.size() + " violations");
    }
}
