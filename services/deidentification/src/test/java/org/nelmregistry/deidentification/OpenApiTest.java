package org.nelmregistry.deidentification;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.nelmregistry.deidentification.rest.KeyResource;
import org.nelmregistry.deidentification.rest.PolicyResource;
import org.nelmregistry.deidentification.rest.RiskResource;
import org.nelmregistry.testsupport.OpenApiContract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/openapi describes every endpoint of this service: typed 2xx bodies, problem+json 4xx, snake_case names as served. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyEndpointIsDocumented() throws Exception {
        OpenApiContract.check(OpenApiContract.served(), KeyResource.class, PolicyResource.class, RiskResource.class);
    }

    @Test
    void theSchemasNameThePropertiesAsTheyAreServed() throws Exception {
        JsonNode schemas = OpenApiContract.served().path("components").path("schemas");
        assertTrue(schemas.path("Policy").path("properties").has("policy_version"), schemas.path("Policy").toString());
        assertTrue(schemas.path("RiskReport").path("properties").has("smallest_k"), schemas.path("RiskReport").toString());
        assertTrue(schemas.path("RiskRequest").path("properties").has("quasi_identifiers"), schemas.path("RiskRequest").toString());
        assertTrue(schemas.path("Key").path("properties").has("created_at"), schemas.path("Key").toString());
        JsonNode k = schemas.path("RiskRequest").path("properties").path("k");
        assertEquals("integer", k.path("type").asText(), k.toString());
        assertEquals("string", schemas.path("RiskRequest").path("properties").path("quasi_identifiers").path("items").path("type").asText());
        assertTrue(schemas.path("JsonNode").isMissingNode(), "the request's JSON-tree members are documented as what they hold");
        assertEquals("201", OpenApiContract.served().path("paths").path("/api/v1/keys").path("post").path("responses").fieldNames().next());
    }
}
