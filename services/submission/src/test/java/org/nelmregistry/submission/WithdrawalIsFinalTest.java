package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.nelmregistry.submission.repository.CaseRepository;
import org.nelmregistry.submission.service.ReplayService;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A withdrawal is final: no import, PUT, follow-up, query or replay touches the tombstone again. */
@QuarkusTest
@TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
class WithdrawalIsFinalTest {

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    CaseRepository cases;
    @Inject
    EntityManager em;
    @Inject
    ReplayService replay;

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    List<JsonNode> eventsOf(String id) {
        return connector.sink("caseevents").received().stream().map(m -> CaseResourceTest.read((String) m.getPayload()))
                .filter(e -> id.equals(e.path("case_id").asText())).toList();
    }

    /** Submits and withdraws a case; returns its id once its CaseWithdrawn was relayed. */
    String withdrawn(SampleCases.Identity who) {
        String id = given().contentType("application/json").body(SampleCases.valid(who, "registry_only").toString())
                .post("/api/v1/cases").then().statusCode(201).extract().path("id");
        given().post("/api/v1/cases/" + id + "/withdrawal").then().statusCode(200).body("status", equalTo("withdrawn"));
        Poll.until("CaseWithdrawn relayed", () -> eventsOf(id).stream().anyMatch(e -> e.path("type").asText().equals("CaseWithdrawn")),
                b -> b);
        return id;
    }

    CaseRecord stored(String id) {
        return QuarkusTransaction.requiringNew().call(() -> cases.findById(UUID.fromString(id)));
    }

    @Test
    void anImportRowWithTheOldWithdrawalMarkerDoesNotResurrectTheCase() {
        SampleCases.Identity who = SampleCases.identity(tag());
        String id = withdrawn(who);
        CaseRecord tomb = stored(id);
        assertNull(tomb.localRef, "a tombstone keeps no local_ref");
        assertTrue(tomb.withdrawnAt != null);
        int eventsBefore = eventsOf(id).size();

        // the value a withdrawn case used to be left with, sent back by a centre
        ObjectNode row = SampleCases.valid(who, "registry_only");
        ((ObjectNode) row.get("patient")).put("local_ref", "withdrawn:" + id);
        String job = given().contentType("application/json").body(JsonNodeFactory.instance.arrayNode().add(row).toString())
                .post("/api/v1/imports").then().statusCode(202).extract().path("id");
        Poll.until("import done", () -> given().get("/api/v1/imports/" + job).then().extract().<String>path("status"),
                "completed"::equals);
        String rowCase = given().get("/api/v1/imports/" + job).then().body("summary.updated", equalTo(0))
                .extract().path("results.items[0].case_id");
        assertNotEquals(id, rowCase, "the row is a case of its own, never the withdrawn one");

        CaseRecord after = stored(id);
        assertEquals(CaseRecord.WITHDRAWN, after.status);
        assertEquals("{}", after.data.toString());
        assertEquals(tomb.revision, after.revision);
        assertNull(after.localRef);
        // a relay round later, still nothing new for the withdrawn case
        Poll.until("the row's own case relayed", () -> eventsOf(rowCase).size(), n -> n == 1);
        assertEquals(eventsBefore, eventsOf(id).size(), "nothing sent downstream for the withdrawn case");
        given().get("/api/v1/cases/" + id).then().statusCode(200).body("status", equalTo("withdrawn"))
                .body("case", equalTo(java.util.Map.of()));
    }

    @Test
    void putFollowUpAndAQueryAnswerWithACaseAreRefusedOnAWithdrawnCase() {
        SampleCases.Identity who = SampleCases.identity(tag());
        String id = withdrawn(who);
        int revision = stored(id).revision;
        given().contentType("application/json").header("If-Match", "\"" + revision + "\"")
                .body(SampleCases.valid(who, "registry_only").toString()).put("/api/v1/cases/" + id)
                .then().statusCode(409).contentType("application/problem+json").body("errors[0].rule", equalTo("case-withdrawn"));
        given().contentType("application/json").body("{\"visit_date\":\"2025-02-01\",\"vital_status\":\"alive\",\"recurrence\":\"none\"}")
                .post("/api/v1/cases/" + id + "/follow-ups")
                .then().statusCode(409).body("errors[0].rule", equalTo("case-withdrawn"));
        // re-posting the identity's own local_ref makes a new case: the tombstone is not addressable
        String again = given().contentType("application/json").body(SampleCases.valid(who, "registry_only").toString())
                .post("/api/v1/cases").then().statusCode(201).extract().path("id");
        assertNotEquals(id, again);
        assertEquals(revision, stored(id).revision);
    }

    @Test
    void theDatabaseRefusesAnyChangeToATombstone() {
        String id = withdrawn(SampleCases.identity(tag()));
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE cases SET data = '{\"patient\": {}}'::jsonb, status = 'active', withdrawn_at = NULL, local_ref = 'x' WHERE id = :id")
                .setParameter("id", UUID.fromString(id)).executeUpdate()));
        assertEquals("{}", stored(id).data.toString());
    }

    @Test
    void replayDoesNotEmitAWithdrawnCase() {
        String id = withdrawn(SampleCases.identity(tag()));
        String live = given().contentType("application/json").body(SampleCases.valid(SampleCases.identity(tag()), "registry_only").toString())
                .post("/api/v1/cases").then().statusCode(201).extract().path("id");
        int before = eventsOf(id).size();
        Job j = replay.start("test");
        Poll.until("replay done", () -> QuarkusTransaction.requiringNew().call(() -> em.find(Job.class, j.id).status),
                org.nelmregistry.common.job.JobState.COMPLETED::equals);
        Poll.until("the live case replayed", () -> eventsOf(live).size(), n -> n == 2);
        assertEquals(before, eventsOf(id).size());
    }
}
