package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.nelmregistry.submission.rest.AdminResource;
import org.nelmregistry.submission.rest.CaseResource;
import org.nelmregistry.submission.rest.DictionaryResource;
import org.nelmregistry.submission.rest.ImportResource;
import org.nelmregistry.submission.rest.QualityResource;
import org.nelmregistry.testsupport.OpenApiContract;

import static io.restassured.RestAssured.given;

/** /q/openapi documents every endpoint of this service: typed 2xx bodies, problem+json 4xx. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyEndpointIsDocumented() throws Exception {
        String doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        JsonNode openapi = new ObjectMapper().readTree(doc);
        OpenApiContract.check(openapi, CaseResource.class, QualityResource.class, AdminResource.class,
                DictionaryResource.class, ImportResource.class);
    }
}
