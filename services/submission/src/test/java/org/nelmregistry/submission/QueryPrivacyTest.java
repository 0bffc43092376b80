package org.nelmregistry.submission;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nelmregistry.testsupport.SampleCases;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Queries stay away from identities: none on a direct, link, birth or text field, and the
 * centre's free-text answer is read by the centre only, never sent downstream.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryPrivacyTest {

    static final String ANSWER = "Checked with Dr Quackenbush-" + UUID.randomUUID().toString().substring(0, 6);
    static String caseId;
    static String queryId;

    @Inject
    @Any
    InMemoryConnector connector;

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
    void step2NoQueryOnAnIdentifyingField() {
        for (String pointer : new String[] {"/patient/family_name", "/patient/national_id", "/patient/birth_date", "/patient/notes",
                "/patient/local_ref"}) {
            given().contentType("application/json").body("{\"pointer\":\"" + pointer + "\",\"question\":\"Please spell it out.\"}")
                    .post("/api/v1/cases/" + caseId + "/queries").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/pointer")).body("errors[0].rule", equalTo("query-identifying-field"));
        }
        // an entry index beyond the section limit is no field
        given().contentType("application/json").body("{\"pointer\":\"/procedures/999999999999/margin\",\"question\":\"?\"}")
                .post("/api/v1/cases/" + caseId + "/queries").then().statusCode(400).body("errors[0].rule", equalTo("format"));
        queryId = given().contentType("application/json").body("{\"pointer\":\"/procedures/0/blood_loss_ml\",\"question\":\"Blood loss?\"}")
                .post("/api/v1/cases/" + caseId + "/queries").then().statusCode(201).extract().path("id");
    }

    @Test
    @Order(3)
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void step3CentreAnswersAndReadsItsAnswer() {
        given().contentType("application/json").body("{\"answer\":\"" + ANSWER + "\"}").post("/api/v1/queries/" + queryId + "/answer")
                .then().statusCode(200).body("answer", equalTo(ANSWER));
        given().queryParam("case_id", caseId).get("/api/v1/queries").then().body("items[0].answer", equalTo(ANSWER));
    }

    @Test
    @Order(4)
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void step4DataManagerSeesThatAnAnswerExistsNotItsText() {
        given().queryParam("case_id", caseId).get("/api/v1/queries").then().statusCode(200)
                .body("items[0].status", equalTo("answered"))
                .body("items[0].answer", nullValue())
                .body("items[0].answer_withheld", equalTo(true));
        given().post("/api/v1/queries/" + queryId + "/close").then().statusCode(200).body("answer", nullValue());
        assertFalse(connector.sink("caseevents").received().stream().anyMatch(m -> ((String) m.getPayload()).contains(ANSWER)),
                "an answer never goes downstream");
    }
}
