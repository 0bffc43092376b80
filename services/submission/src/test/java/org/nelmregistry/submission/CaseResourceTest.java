package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.submission.repository.CaseRepository;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Service-level tests: real PostgreSQL, in-memory channel, @TestSecurity identities. */
@QuarkusTest
class CaseResourceTest {

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    CaseRepository cases;

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode sample(String tag) {
        return SampleCases.valid(SampleCases.identity(tag), "registry_and_research");
    }

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void aValidCaseIsStoredAndItsEventRelayed() throws Exception {
        String id = given().contentType("application/json").body(sample(tag()).toString())
                .when().post("/api/v1/cases")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("id", notNullValue())
                .body("centre_id", equalTo("C001"))
                .body("revision", equalTo(1))
                .extract().path("id");
        given().when().get("/api/v1/cases/" + id)
                .then().statusCode(200).header("ETag", "\"1\"").body("case.patient.country", equalTo("DE"));

        JsonNode event = Poll.until("CaseSubmitted for " + id, () -> connector.sink("caseevents").received().stream()
                .map(m -> read((String) m.getPayload()))
                .filter(e -> id.equals(e.path("case_id").asText())).findFirst().orElse(null), e -> e != null);
        assertEquals("CaseSubmitted", event.path("type").asText());
        assertEquals("C001", event.path("centre_id").asText());
        assertEquals(1, event.path("form_version").asInt());
        assertEquals("major_hepatectomy", event.path("case").path("procedures").path(0).path("procedure_type").asText());
    }

    @Test
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void resubmittingTheSameLocalRefIsIdempotentAndDifferentContentConflicts() {
        ObjectNode c = sample(tag());
        String id = given().contentType("application/json").body(c.toString())
                .when().post("/api/v1/cases").then().statusCode(201).extract().path("id");
        given().contentType("application/json").body(c.toString())
                .when().post("/api/v1/cases").then().statusCode(200).body("id", equalTo(id));
        ((ObjectNode) c.get("liver_disease")).put("lesion_count", 5);
        given().contentType("application/json").body(c.toString())
                .when().post("/api/v1/cases")
                .then().statusCode(409).contentType("application/problem+json").body("existing_id", equalTo(id));
        assertEquals(1, cases.count("localRef", c.path("patient").path("local_ref").asText()));
    }

    @Test
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void everyViolationIsReportedAtOnceAndNothingIsStored() {
        ObjectNode c = sample(tag());
        ObjectNode p = (ObjectNode) c.get("patient");
        p.remove("sex");
        p.put("birth_date", "1957-02-30");
        p.put("shoe_size", 42);
        ((ObjectNode) c.get("liver_disease")).put("lesion_count", 0);
        ((ObjectNode) c.get("primary_tumour")).put("who_grade", "G9");
        ((ObjectNode) c.get("procedures").get(0)).put("length_of_stay_days", "nine");
        long before = cases.count();
        given().contentType("application/json").body(c.toString())
                .when().post("/api/v1/cases")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.size()", equalTo(6))
                .body("errors.pointer", containsInAnyOrder("/patient/sex", "/patient/birth_date", "/patient/shoe_size",
                        "/liver_disease/lesion_count", "/primary_tumour/who_grade", "/procedures/0/length_of_stay_days"))
                .body("errors.rule", containsInAnyOrder("required", "format", "unknown-field", "range", "enum", "type"))
                // the detail never echoes what was submitted
                .body(not(org.hamcrest.Matchers.containsString(p.path("family_name").asText())));
        assertEquals(before, cases.count());
    }

    @Test
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void aCaseNeedsAtLeastOneProcedureAndRequiredSections() {
        ObjectNode c = sample(tag());
        c.remove("liver_disease");
        c.putArray("procedures");
        given().contentType("application/json").body(c.toString())
                .when().post("/api/v1/cases")
                .then().statusCode(400)
                .body("errors.pointer", containsInAnyOrder("/liver_disease", "/procedures"));
    }

    @Test
    @TestSecurity(user = "unassigned-submitter", roles = "centre-submitter", augmentors = PermissionGrants.class)
    void aCentreTokenWithoutCentreIsForbidden() {
        given().contentType("application/json").body(sample(tag()).toString())
                .when().post("/api/v1/cases")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void steeringCannotSubmit() {
        given().contentType("application/json").body(sample(tag()).toString())
                .when().post("/api/v1/cases")
                .then().statusCode(403);
    }

    @Test
    void withoutTokenUnauthorized() {
        given().when().get("/api/v1/cases/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void dataManagerReadsWithoutIdentities() {
        CaseRecord c = QuarkusTransactionHelper.storeCase(sample(tag()), "C002");
        given().when().get("/api/v1/cases/" + c.id)
                .then().statusCode(200)
                .body("centre_id", equalTo("C002"))
                .body("case.patient", not(hasKey("family_name")))
                .body("case.patient", not(hasKey("birth_date")))
                .body("case.patient", not(hasKey("local_ref")))
                .body("case.patient", not(hasKey("notes")))
                .body("case.patient", hasKey("sex"));
    }

    @Test
    @TestSecurity(user = "c002-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C002"), augmentors = PermissionGrants.class)
    void anotherCentresCaseIsNotFound() {
        CaseRecord c = QuarkusTransactionHelper.storeCase(sample(tag()), "C001");
        given().when().get("/api/v1/cases/" + c.id).then().statusCode(404).contentType("application/problem+json");
    }

    /**
     * A centre lead who also sits on the steering committee (a role that reads every centre's
     * aggregates) is still held to its own centre: another centre's case is not found, not listed,
     * and cannot be changed.
     */
    @Test
    @TestSecurity(user = "c002-lead", roles = {"centre-lead", "steering-committee"},
            attributes = @SecurityAttribute(key = "centre_id", value = "C002"), augmentors = PermissionGrants.class)
    void aCentreRoleWithASecondRoleIsStillHeldToItsCentre() {
        CaseRecord c = QuarkusTransactionHelper.storeCase(sample(tag()), "C001");
        QuarkusTransactionHelper.storeCase(sample(tag()), "C002");
        given().when().get("/api/v1/cases/" + c.id).then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/cases/" + c.id + "/history").then().statusCode(404);
        given().when().post("/api/v1/cases/" + c.id + "/withdrawal").then().statusCode(404);
        given().queryParam("centre_id", "C001").queryParam("size", 500).when().get("/api/v1/cases")
                .then().statusCode(200).body("items.size()", greaterThan(0)).body("items.centre_id", everyItem(equalTo("C002")));
    }

    @Test
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void theDictionaryIsDerivedFromTheForm() {
        given().when().get("/api/v1/dictionary")
                .then().statusCode(200)
                .body("version", equalTo(1))
                .body("sections.code", hasItem("procedures"))
                .body("sections.find { it.code == 'patient' }.fields.find { it.code == 'national_id' }.privacy", equalTo("link"))
                .body("rules.id", hasItem("R3-who-grade"))
                .body("sections.find { it.code == 'follow_up' }.fields.find { it.code == 'death_date' }.required_when.rule",
                        equalTo("R6-death"));
    }

    static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
