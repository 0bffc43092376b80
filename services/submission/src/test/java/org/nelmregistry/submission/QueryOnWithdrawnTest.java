package org.nelmregistry.submission;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nelmregistry.testsupport.SampleCases;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Queries on a withdrawn case: none can be raised, an open one cannot be answered. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryOnWithdrawnTest {

    static String caseId;
    static String queryId;

    @Test
    @Order(1)
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void step1CentreSubmits() {
        caseId = given().contentType("application/json")
                .body(SampleCases.valid(SampleCases.identity(UUID.randomUUID().toString().substring(0, 8)), "registry_only").toString())
                .post("/api/v1/cases").then().statusCode(201).extract().path("id");
    }

    @Test
    @Order(2)
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void step2DataManagerRaisesAQuery() {
        queryId = given().contentType("application/json").body("{\"pointer\":\"/procedures/0/blood_loss_ml\",\"question\":\"Blood loss?\"}")
                .post("/api/v1/cases/" + caseId + "/queries").then().statusCode(201).extract().path("id");
    }

    @Test
    @Order(3)
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void step3CentreWithdrawsAndCannotAnswer() {
        given().post("/api/v1/cases/" + caseId + "/withdrawal").then().statusCode(200);
        given().contentType("application/json").body("{\"answer\":\"450 mL\"}").post("/api/v1/queries/" + queryId + "/answer")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    @Order(4)
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void step4NoQueryOnAWithdrawnCase() {
        given().contentType("application/json").body("{\"pointer\":\"/procedures/0/blood_loss_ml\",\"question\":\"Again?\"}")
                .post("/api/v1/cases/" + caseId + "/queries").then().statusCode(409)
                .body("errors[0].rule", equalTo("case-withdrawn"));
    }
}
