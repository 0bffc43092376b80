package org.nelmregistry.deidentification;

import org.nelmregistry.common.security.PermissionGrants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Service-level tests on in-memory channels and the real PostgreSQL. */
@QuarkusTest
class CaseEventConsumerTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    org.nelmregistry.deidentification.service.PatientPseudonymiser pseudonymiser;

    InMemorySink<Record<String, String>> out;
    InMemorySink<Record<String, String>> dead;

    @BeforeEach
    void sinks() {
        out = connector.sink("deidentified");
        dead = connector.sink("deadletter");
        out.clear();
        dead.clear();
    }

    static String submitted(UUID eventId, UUID caseId, ObjectNode data) {
        return EventJson.write(new CaseSubmitted(eventId, caseId, "C001", 1, Instant.now(), 1, data));
    }

    @Test
    void publishesTheDeidentifiedRecordWithoutIdentities() throws Exception {
        SampleCases.Identity id = SampleCases.identity(UUID.randomUUID().toString().substring(0, 8));
        UUID caseId = UUID.randomUUID();
        connector.source("caseevents").send(submitted(UUID.randomUUID(), caseId, SampleCases.valid(id, "registry_and_research")));
        Record<String, String> r = Poll.until("de-identified record", () -> out.received().isEmpty() ? null
                : out.received().get(0).getPayload(), x -> x != null);
        for (String v : id.values()) {
            assertFalse(r.value().contains(v), "identifier leaked into the record");
        }
        assertFalse(r.value().contains(caseId.toString()), "submission case id leaked");
        JsonNode rec = EventJson.MAPPER.readTree(r.value());
        assertEquals(r.key(), rec.path("case_pseudonym").asText());
        assertTrue(rec.path("patient_pseudonym").asText().startsWith("pp_"));
        assertEquals(org.nelmregistry.contracts.IndexProcedure.ageAtIndex(java.time.LocalDate.parse(id.birthDate()),
                java.time.LocalDate.of(2024, 2, 20)), rec.path("age_at_index").asInt(), "birth to the index procedure 2024-02-20");
        assertEquals(2024, rec.path("index_year").asInt());
        assertEquals("major_hepatectomy", rec.path("index_procedure_type").asText());
        assertEquals(pseudonymiser.keyId(), rec.path("key_id").asText());
        JsonNode patient = rec.path("record").path("patient");
        assertEquals(-36, patient.path("consent_date").asInt(), "2024-01-15 is 36 days before the index procedure");
        assertEquals("DE", patient.path("country").asText());
        assertTrue(patient.path("family_name").isMissingNode());
        assertTrue(patient.path("notes").isMissingNode());
        assertTrue(patient.path("birth_date").isMissingNode());
        assertEquals(182, rec.path("record").path("follow_up").path(0).path("visit_date").asInt());
    }

    @Test
    void theSameEventTwiceIsPublishedOnceAndTheCaseKeepsItsPseudonym() {
        UUID caseId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String event = submitted(eventId, caseId, SampleCases.valid(SampleCases.identity("dup1"), "registry_only"));
        connector.source("caseevents").send(event);
        connector.source("caseevents").send(event);
        String revised = EventJson.write(new org.nelmregistry.contracts.event.CaseRevised(UUID.randomUUID(), caseId, "C001", 2,
                Instant.now(), 1, SampleCases.valid(SampleCases.identity("dup1"), "registry_only")));
        connector.source("caseevents").send(revised);
        List<Record<String, String>> got = Poll.until("two records", () -> out.received().stream().map(m -> m.getPayload()).toList(),
                l -> l.size() >= 2);
        assertEquals(2, got.size(), "the duplicate was skipped");
        assertEquals(got.get(0).key(), got.get(1).key(), "same case, same pseudonym");
    }

    @Test
    @io.quarkus.test.security.TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void theRiskOfReleasedRecordsIsServed() {
        connector.source("caseevents").send(submitted(UUID.randomUUID(), UUID.randomUUID(),
                SampleCases.valid(SampleCases.identity("risk1"), "registry_only")));
        Poll.until("released", () -> out.received().size(), n -> n == 1);
        io.restassured.RestAssured.given().contentType("application/json")
                .body("{\"quasi_identifiers\":[\"age_band_10\",\"sex\",\"country\",\"primary_site\"],\"k\":5}")
                .when().post("/api/v1/risk").then().statusCode(200)
                .body("records.count", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("threshold", org.hamcrest.Matchers.equalTo(5))
                .body("quasi_identifiers", org.hamcrest.Matchers.hasItem("primary_site"));
        io.restassured.RestAssured.given().contentType("application/json").body("{\"quasi_identifiers\":[\"shoe_size\"]}")
                .when().post("/api/v1/risk").then().statusCode(400)
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("/quasi_identifiers/0"));
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicWithoutItsPayloadAndProcessingContinues() {
        connector.source("caseevents").send("{\"type\":\"CaseSubmitted\", \"family_name\": \"Poisonous\" ");
        connector.source("caseevents").send(submitted(UUID.randomUUID(), UUID.randomUUID(),
                SampleCases.valid(SampleCases.identity("after"), "registry_only")));
        Record<String, String> dl = Poll.until("dead letter", () -> dead.received().isEmpty() ? null
                : dead.received().get(0).getPayload(), x -> x != null);
        assertFalse(dl.value().contains("Poisonous"));
        assertTrue(dl.value().contains("\"reason\""));
        Poll.until("the next event still processed", () -> out.received().size(), n -> n == 1);
        assertNull(dl.key());
    }
}
