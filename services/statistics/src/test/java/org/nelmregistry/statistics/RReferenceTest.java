package org.nelmregistry.statistics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Without Rscript the comparison tests fail, and say how to get R; they never skip. */
class RReferenceTest {

    @Test
    void missingRscriptFailsWithTheInstallHint() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> RReference.findRscript("/nonexistent-nelm-dir"));
        assertTrue(e.getMessage().contains("./registry test"), e.getMessage());
    }
}
