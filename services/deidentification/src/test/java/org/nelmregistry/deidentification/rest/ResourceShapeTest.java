package org.nelmregistry.deidentification.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;
import org.nelmregistry.common.security.PermissionGrants;
import org.nelmregistry.contracts.crf.CaseReportForm;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The typed responses and requests serialise and parse exactly as the hand-built JSON did. */
@QuarkusTest
class ResourceShapeTest {

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void thePolicyKeepsItsNamesAndOrder() {
        CaseReportForm form = CaseReportForm.current();
        String body = given().get("/api/v1/policy").then().statusCode(200).extract().asString();
        assertEquals(0, body.indexOf("{\"policy_version\":1,\"form_version\":" + form.version() + ",\"fields\":[{\"section\":\"patient\","
                + "\"code\":\"local_ref\",\"privacy\":\"direct\",\"action\":\"drop\"}"), body);
        given().get("/api/v1/policy").then()
                .body("fields.size()", equalTo((int) form.fields().count()))
                .body("fields.find { it.code == 'birth_date' }.action", equalTo("age_at_index"))
                .body("fields.find { it.code == 'consent_date' }.action", equalTo("days_from_index"))
                .body("fields.find { it.code == 'sex' }.action", equalTo("keep"));
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void aRiskRequestWithoutBodyIsAPreciseProblem() {
        given().contentType("application/json").post("/api/v1/risk").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].pointer", equalTo("/quasi_identifiers")).body("errors[0].rule", equalTo("required"));
        given().contentType("application/json").body("{\"quasi_identifiers\":[\"sex\"],\"k\":0}").post("/api/v1/risk").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/k")).body("errors[0].rule", equalTo("range"));
    }

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void theSteeringCommitteeReadsThePolicyButAssessesNoRisk() {
        given().contentType("application/json").body("{\"quasi_identifiers\":[\"sex\"]}").post("/api/v1/risk").then().statusCode(403);
        given().get("/api/v1/keys").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
    void aKeyIsItsIdDateAndCurrentMark() {
        given().get("/api/v1/keys").then().statusCode(200)
                .body("[0].keySet()", equalTo(java.util.Set.of("id", "created_at", "current")))
                .body("[0].created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"));
    }
}
