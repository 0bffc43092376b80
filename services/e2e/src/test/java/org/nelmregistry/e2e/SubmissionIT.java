package org.nelmregistry.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.Tokens;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The submission service's guarantees through the real stack, with real Keycloak tokens. */
@ExtendWith(RegistryStack.class)
class SubmissionIT {

    static final String SUBMISSION = RegistryStack.url("submission");

    static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).baseUri(SUBMISSION);
    }

    static String create(String user, ObjectNode c) {
        return as(user).contentType("application/json").body(c.toString()).post("/api/v1/cases")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void anotherCentreGetsNotFoundOnEveryCaseEndpoint() {
        ObjectNode c = SampleCases.valid(SampleCases.identity(PlatformIT.tag()), "registry_only");
        String id = create("c001-submitter", c);
        String base = "/api/v1/cases/" + id;
        as("c002-submitter").get(base).then().statusCode(404).contentType("application/problem+json");
        as("c002-submitter").get(base + "/history").then().statusCode(404);
        as("c002-submitter").contentType("application/json").header("If-Match", "\"1\"").body(c.toString()).put(base)
                .then().statusCode(404);
        as("c002-submitter").contentType("application/json").body("{\"visit_date\":\"2025-01-01\",\"vital_status\":\"alive\",\"recurrence\":\"none\"}")
                .post(base + "/follow-ups").then().statusCode(404);
        as("c002-submitter").post(base + "/withdrawal").then().statusCode(404);
        as("c002-submitter").queryParam("size", 500).get("/api/v1/cases").then().statusCode(200).body("items.id", not(hasItem(id)));
        // and the case is still there, unchanged, for its own centre
        as("c001-submitter").get(base).then().statusCode(200).header("ETag", "\"1\"");
    }

    @Test
    void theDataManagerSeesEveryCentresCasesWithoutIdentities() {
        SampleCases.Identity one = SampleCases.identity(PlatformIT.tag());
        SampleCases.Identity two = SampleCases.identity(PlatformIT.tag());
        String id1 = create("c001-submitter", SampleCases.valid(one, "registry_only"));
        String id2 = create("c002-submitter", SampleCases.valid(two, "registry_only"));
        as("data-manager").queryParam("size", 500).get("/api/v1/cases").then().statusCode(200)
                .body("items.id", hasItem(id1)).body("items.id", hasItem(id2));
        for (Map.Entry<String, SampleCases.Identity> e : Map.of(id1, one, id2, two).entrySet()) {
            String body = as("data-manager").get("/api/v1/cases/" + e.getKey()).then().statusCode(200)
                    .body("case.patient", not(hasKey("family_name"))).body("case.patient", hasKey("country"))
                    .extract().asString();
            for (String v : e.getValue().values()) {
                assertFalse(body.contains(v), "the data manager saw an identifier");
            }
        }
        // every read of an identifiable case is audited
        as("registry-admin").queryParam("case_id", id1).get("/api/v1/audit").then().statusCode(200)
                .body("items.actor", hasItem("data-manager")).body("items.action", hasItem("read"));
        as("c001-submitter").get("/api/v1/audit").then().statusCode(403);
    }

    @Test
    void withdrawalRemovesTheCaseDownstream() throws Exception {
        SampleCases.Identity who = SampleCases.identity(PlatformIT.tag());
        String id = create("c001-submitter", PlatformIT.sample(who, "registry_and_research", -13, 377));
        Poll.until("the case in reporting", () -> PlatformIT.countReporting(377), n -> n == 1);
        as("c001-submitter").post("/api/v1/cases/" + id + "/withdrawal").then().statusCode(200).body("status", equalTo("withdrawn"));
        Poll.until("the case gone from reporting", () -> PlatformIT.countReporting(377), n -> n == 0);
        List<ConsumerRecord<String, String>> events = Probes.readTopic(Topics.CASE_EVENTS).stream()
                .filter(r -> id.equals(r.key())).toList();
        List<com.fasterxml.jackson.databind.JsonNode> parsed = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : events) {
            parsed.add(org.nelmregistry.contracts.event.EventJson.MAPPER.readTree(r.value()));
        }
        assertEquals(List.of("CaseSubmitted", "CaseWithdrawn"), parsed.stream().map(e -> e.path("type").asText()).toList());
        assertFalse(parsed.get(1).has("case"), "the withdrawal carries no case body");
        // the compacted topic holds a tombstone for the case pseudonym
        assertTrue(Probes.readTopic(Topics.DEIDENTIFIED_CASES).stream().anyMatch(r -> r.value() == null), "a tombstone");
        // (the birth date is left out: other cases in the database may share it)
        String everything = Probes.dumpDatabase("submission");
        for (String v : who.values()) {
            if (!v.equals(who.birthDate())) {
                assertFalse(everything.contains(v), "an identifier survived the withdrawal");
            }
        }
    }
}
