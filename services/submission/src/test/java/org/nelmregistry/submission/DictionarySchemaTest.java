package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.CaseSchema;
import org.nelmregistry.submission.service.Limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET /api/v1/dictionary/schema: the form's JSON Schema, public like the dictionary, as application/schema+json. */
@QuarkusTest
class DictionarySchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** What the form generates, as JSON text reads back (number node types as parsed). */
    static final JsonNode EXPECTED = roundTrip(CaseSchema.generate(CaseReportForm.current(), Limits.SECTION_ENTRIES));

    static JsonNode roundTrip(JsonNode n) {
        try {
            return JSON.readTree(JSON.writeValueAsString(n));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Equal trees, without printing two whole schemas when they are not. */
    static void assertSchema(JsonNode body) {
        org.junit.jupiter.api.Assertions.assertTrue(EXPECTED.equals(body), "the served schema is not the one generated from the form");
    }

    @Test
    void anyoneGetsTheGeneratedSchemaAsSchemaJson() throws Exception {
        Response r = given().when().get("/api/v1/dictionary/schema")
                .then().statusCode(200).contentType(startsWith(CaseSchema.MEDIA_TYPE)).extract().response();
        JsonNode body = JSON.readTree(r.asString());
        assertSchema(body);
        assertEquals(CaseSchema.DIALECT, body.path("$schema").asText());
        assertEquals(CaseSchema.id(1), body.path("$id").asText());
        // bounded like this service's input
        assertEquals(Limits.SECTION_ENTRIES, body.at("/properties/procedures/maxItems").asInt());
    }

    @Test
    void aClientThatAsksForJsonGetsJson() throws Exception {
        Response r = given().accept("application/json").when().get("/api/v1/dictionary/schema")
                .then().statusCode(200).contentType(startsWith("application/json")).extract().response();
        assertSchema(JSON.readTree(r.asString()));
    }

    @Test
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void aSignedInCentreGetsItToo() throws Exception {
        Response r = given().when().get("/api/v1/dictionary/schema").then().statusCode(200).extract().response();
        assertSchema(JSON.readTree(r.asString()));
    }

    @Test
    void theOpenApiDocumentDescribesIt() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/v1/dictionary/schema'.get.responses.'200'.content.'application/schema+json'.schema.type",
                        org.hamcrest.Matchers.equalTo("object"));
    }
}
