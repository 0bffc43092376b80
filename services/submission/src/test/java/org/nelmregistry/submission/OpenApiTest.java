package org.nelmregistry.submission;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.nelmregistry.submission.rest.AdminResource;
import org.nelmregistry.submission.rest.CaseResource;
import org.nelmregistry.submission.rest.DictionaryResource;
import org.nelmregistry.submission.rest.ImportResource;
import org.nelmregistry.submission.rest.QualityResource;
import org.nelmregistry.testsupport.OpenApiContract;


/** /q/openapi documents every endpoint of this service: typed 2xx bodies, problem+json 4xx. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyEndpointIsDocumented() throws Exception {
        OpenApiContract.check(OpenApiContract.served(), CaseResource.class, QualityResource.class, AdminResource.class,
                DictionaryResource.class, ImportResource.class);
    }
}
