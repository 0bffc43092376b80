package org.nelmregistry.deidentification;

import org.junit.jupiter.api.Test;
import org.nelmregistry.testsupport.ArchitectureRules;

/** The layering of issue #8 on this service's main classes: thin resources, SQL in repositories, no package cycles. */
class ArchitectureTest {

    @Test
    void theLayersHold() {
        ArchitectureRules.check("org.nelmregistry.deidentification");
    }
}
