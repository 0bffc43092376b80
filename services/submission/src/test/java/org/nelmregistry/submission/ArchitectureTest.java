package org.nelmregistry.submission;

import org.junit.jupiter.api.Test;
import org.nelmregistry.testsupport.ArchitectureRules;

/** The layering of issue #8 holds here: rest → service → repository, HTTP only in rest, SQL only in repositories. */
class ArchitectureTest {

    @Test
    void layersDependOneWay() {
        ArchitectureRules.check("org.nelmregistry.submission");
    }
}
