package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Revisions, follow-ups, history, withdrawal, lists, audit and replay (real PostgreSQL, in-memory channel). */
@QuarkusTest
@TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
class CaseLifecycleTest {

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    EntityManager em;

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String create(ObjectNode c) {
        return given().contentType("application/json").body(c.toString()).when().post("/api/v1/cases")
                .then().statusCode(201).extract().path("id");
    }

    List<JsonNode> eventsOf(String id) {
        return connector.sink("caseevents").received().stream().map(m -> CaseResourceTest.read((String) m.getPayload()))
                .filter(e -> id.equals(e.path("case_id").asText())).toList();
    }

    @Test
    void threeRevisionsShowFieldLevelDiffsAndAStaleIfMatchChangesNothing() {
        ObjectNode c = SampleCases.valid(SampleCases.identity(tag()), "registry_only");
        String id = create(c);
        ((ObjectNode) c.get("liver_disease")).put("lesion_count", 6);
        given().contentType("application/json").header("If-Match", "\"1\"").body(c.toString())
                .when().put("/api/v1/cases/" + id).then().statusCode(200).header("ETag", "\"2\"").body("revision", equalTo(2));
        ((ObjectNode) c.get("primary_tumour")).put("t_category", "T2");
        ((ObjectNode) c.get("procedures").get(0)).put("length_of_stay_days", 12);
        given().contentType("application/json").header("If-Match", "\"2\"").body(c.toString())
                .when().put("/api/v1/cases/" + id).then().statusCode(200).header("ETag", "\"3\"");
        // stale
        ((ObjectNode) c.get("liver_disease")).put("lesion_count", 7);
        given().contentType("application/json").header("If-Match", "\"2\"").body(c.toString())
                .when().put("/api/v1/cases/" + id).then().statusCode(412).contentType("application/problem+json");
        given().contentType("application/json").body(c.toString())
                .when().put("/api/v1/cases/" + id).then().statusCode(428);
        given().when().get("/api/v1/cases/" + id).then().header("ETag", "\"3\"").body("case.liver_disease.lesion_count", equalTo(6));

        given().when().get("/api/v1/cases/" + id + "/history").then().statusCode(200)
                .body("revisions", hasSize(3))
                .body("revisions[1].changes", hasSize(1))
                .body("revisions[1].changes[0].pointer", equalTo("/liver_disease/lesion_count"))
                .body("revisions[1].changes[0].old", equalTo(4))
                .body("revisions[1].changes[0].new", equalTo(6))
                .body("revisions[1].changed_by", equalTo("c001-submitter"))
                .body("revisions[2].changes.pointer", equalTo(List.of("/primary_tumour/t_category", "/procedures/0/length_of_stay_days")))
                .body("revisions[2].changes[0].old", equalTo(null))
                .body("revisions[2].changes[0].new", equalTo("T2"));
        Poll.until("three events", () -> eventsOf(id).size(), n -> n == 3);
        assertEquals(List.of("CaseSubmitted", "CaseRevised", "CaseRevised"), eventsOf(id).stream().map(e -> e.path("type").asText()).toList());
    }

    @Test
    void aFollowUpIsAppendedAsARevision() {
        String id = create(SampleCases.valid(SampleCases.identity(tag()), "registry_only"));
        given().contentType("application/json")
                .body("{\"visit_date\":\"2025-02-01\",\"vital_status\":\"alive\",\"recurrence\":\"hepatic\",\"recurrence_date\":\"2025-01-15\"}")
                .when().post("/api/v1/cases/" + id + "/follow-ups").then().statusCode(200)
                .body("revision", equalTo(2)).body("case.follow_up", hasSize(2));
        given().contentType("application/json").body("{\"visit_date\":\"2025-03-01\",\"vital_status\":\"zombie\",\"recurrence\":\"none\"}")
                .when().post("/api/v1/cases/" + id + "/follow-ups").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/follow_up/2/vital_status"));
        Poll.until("a CaseRevised for the follow-up", () -> eventsOf(id).size(), n -> n == 2);
    }

    @Test
    void withdrawalErasesEveryIdentifyingValueAndEmitsOneBodilessEvent() {
        SampleCases.Identity who = SampleCases.identity(tag());
        ObjectNode c = SampleCases.valid(who, "registry_and_research");
        String id = create(c);
        ((ObjectNode) c.get("liver_disease")).put("lesion_count", 6);
        given().contentType("application/json").header("If-Match", "\"1\"").body(c.toString()).put("/api/v1/cases/" + id)
                .then().statusCode(200);
        given().when().post("/api/v1/cases/" + id + "/withdrawal").then().statusCode(200)
                .body("status", equalTo("withdrawn")).body("revision", equalTo(3));
        given().when().post("/api/v1/cases/" + id + "/withdrawal").then().statusCode(409);
        // no identifying value left in any table of the database
        String everything = QuarkusTransaction.requiringNew().call(() -> dumpAllTables());
        for (String v : who.values()) {
            // other cases may share a birth date; the revisions that held this one are checked below
            if (!v.equals(who.birthDate())) {
                assertFalse(everything.contains(v), "left in the database after withdrawal");
            }
        }
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT count(*) FROM case_revisions WHERE case_id = :id").setParameter("id", UUID.fromString(id))
                .getSingleResult()) instanceof Number n ? n.longValue() : -1L);
        String row = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("SELECT c::text FROM cases c WHERE id = :id")
                .setParameter("id", UUID.fromString(id)).getSingleResult().toString());
        assertFalse(row.contains(who.birthDate()), "the tombstone keeps no birth date");
        JsonNode withdrawn = Poll.until("CaseWithdrawn", () -> eventsOf(id).stream()
                .filter(e -> e.path("type").asText().equals("CaseWithdrawn")).findFirst().orElse(null), e -> e != null);
        assertFalse(withdrawn.has("case"));
        assertEquals(3, withdrawn.path("revision").asInt());
        // the centre may submit the same local_ref again as a new case
        String again = create(SampleCases.valid(who, "registry_only"));
        assertFalse(again.equals(id));
    }

    @SuppressWarnings("unchecked")
    String dumpAllTables() {
        StringBuilder sb = new StringBuilder();
        List<String> tables = em.createNativeQuery("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").getResultList();
        for (String t : tables) {
            em.createNativeQuery("SELECT t::text FROM \"" + t + "\" t").getResultList().forEach(r -> sb.append(r).append('\n'));
        }
        return sb.toString();
    }

    @Test
    void listsArePagedAndFiltered() {
        ObjectNode c = SampleCases.valid(SampleCases.identity(tag()), "registry_only");
        ((ObjectNode) c.get("procedures").get(0)).put("procedure_type", "minor_hepatectomy").put("segments_resected", 2);
        String id = create(c);
        given().queryParam("procedure_type", "minor_hepatectomy").queryParam("size", 500)
                .when().get("/api/v1/cases").then().statusCode(200)
                .body("items.id", hasItem(id)).body("page", equalTo(0)).body("size", equalTo(500));
        given().queryParam("procedure_type", "liver_transplantation")
                .when().get("/api/v1/cases").then().statusCode(200).body("items.id", not(hasItem(id)));
        given().queryParam("procedure_from", "2024-02-20").queryParam("procedure_to", "2024-02-20").queryParam("size", 500)
                .when().get("/api/v1/cases").then().body("items.id", hasItem(id));
        given().queryParam("procedure_from", "2024-02-21").queryParam("size", 500)
                .when().get("/api/v1/cases").then().body("items.id", not(hasItem(id)));
        given().queryParam("size", 1).when().get("/api/v1/cases").then().body("items", hasSize(1));
        given().queryParam("procedure_from", "yesterday").when().get("/api/v1/cases").then().statusCode(400);
    }

    @Test
    @TestSecurity(user = "c002-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C002"), augmentors = PermissionGrants.class)
    void anotherCentreGetsNotFoundOnEveryCaseEndpoint() {
        CaseRecord c = QuarkusTransactionHelper.storeCase(SampleCases.valid(SampleCases.identity(tag()), "registry_only"), "C001");
        String base = "/api/v1/cases/" + c.id;
        given().get(base).then().statusCode(404);
        given().get(base + "/history").then().statusCode(404);
        given().contentType("application/json").header("If-Match", "\"1\"").body("{}").put(base).then().statusCode(404);
        given().contentType("application/json").body("{}").post(base + "/follow-ups").then().statusCode(404);
        given().post(base + "/withdrawal").then().statusCode(404);
        given().queryParam("size", 500).get("/api/v1/cases").then().body("items.id", not(hasItem(c.id.toString())));
    }

    @Test
    @TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
    void replayReEmitsEveryCurrentCaseAsAJob() {
        long active = QuarkusTransaction.requiringNew().call(() -> (Long) em.createQuery(
                "select count(c) from CaseRecord c where c.status = 'active'").getSingleResult());
        int before = connector.sink("caseevents").received().size();
        String job = given().when().post("/api/v1/admin/replay").then().statusCode(202)
                .body("status", equalTo("queued")).extract().path("id");
        Poll.until("replay done", () -> given().get("/api/v1/admin/replay/" + job).then().extract().<String>path("status"),
                "completed"::equals);
        given().get("/api/v1/admin/replay/" + job).then().body("done", equalTo((int) active)).body("total", equalTo((int) active));
        Poll.until("replayed events relayed", () -> connector.sink("caseevents").received().size() - before, n -> n >= active);
        given().get("/api/v1/audit").then().statusCode(200).body("items.action", hasItem("replay"));
    }
}
