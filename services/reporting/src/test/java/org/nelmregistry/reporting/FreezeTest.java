package org.nelmregistry.reporting;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.reporting.repository.AnalyticRepository;
import org.nelmregistry.testsupport.Poll;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Data freezes: immutable snapshots that reports answer from byte for byte; a withdrawal amends them. */
@QuarkusTest
class FreezeTest {

    static final String[] REPORTS = {
        "/api/v1/reports/summary",
        "/api/v1/reports/outcomes?indicator=death_90d&by=who_grade",
        "/api/v1/reports/outcomes?indicator=major_morbidity&unit=procedure",
        "/api/v1/reports/survival?endpoint=os",
        "/api/v1/reports/funnel?indicator=r0_resection",
        "/api/v1/reports/completeness"};

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    AnalyticRepository analytic;

    void send(String key, String value) {
        connector.source("deidentified").send(TestRecords.batch(key, value));
    }

    int stored(String centre) {
        return QuarkusTransaction.requiringNew().call(() -> analytic.find(null, AnalyticRepository.Filter.NONE.withCentre(centre), false)).size();
    }

    void cases(String centre, int n) {
        for (int i = 0; i < n; i++) {
            TestRecords r = new TestRecords().grade(i % 2 == 0 ? "G1" : "G2").resection();
            if (i % 3 == 0) {
                r.dead(40 + i);
            } else {
                r.alive(200 + 10 * i);
            }
            send(centre + "-" + i, r.json(centre + "-" + i, centre, 1, 2019 + i % 3));
        }
        Poll.until(n + " cases of " + centre, () -> stored(centre), s -> s == n);
    }

    String get(String report, String centre, String freeze) {
        String sep = report.contains("?") ? "&" : "?";
        return given().get(report + sep + "centre_id=" + centre + (freeze == null ? "" : "&freeze=" + freeze)).then()
                .statusCode(200).extract().asString();
    }

    static String name() {
        return "T-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void aFreezeAnswersTheSameBytesAfterNewDataArrives() {
        String centre = TestRecords.centre("Z");
        cases(centre, 7);
        String name = name();
        String id = given().contentType("application/json").body("{\"name\": \"" + name + "\"}").post("/api/v1/freezes").then()
                .statusCode(201).header("Location", matchesPattern(".*/api/v1/freezes/[0-9a-f-]{36}")).body("name", equalTo(name))
                .body("id", notNullValue()).body("case_count", greaterThanOrEqualTo(7))
                .body("derivation_version", matchesPattern("[0-9a-f]{16}-\\d+")).body("amended_at", nullValue())
                .body("created_by", equalTo("data-manager"))
                .extract().path("id");
        String[] before = new String[REPORTS.length];
        for (int i = 0; i < REPORTS.length; i++) {
            before[i] = get(REPORTS[i], centre, name);
            assertEquals(get(REPORTS[i], centre, null), before[i], "the freeze equals the live store when taken: " + REPORTS[i]);
        }
        // new data: one more case, and a revision that changes an outcome
        send(centre + "-new", new TestRecords().resection().dead(10).json(centre + "-new", centre, 1, 2020));
        send(centre + "-1", new TestRecords().grade("G2").resection().dead(5).json(centre + "-1", centre, 2, 2020));
        Poll.until("8 live cases", () -> stored(centre), s -> s == 8);
        Poll.until("the revision is derived", () -> get(REPORTS[1], centre, null), b -> !b.equals(before[1]));
        for (int i = 0; i < REPORTS.length; i++) {
            assertEquals(before[i], get(REPORTS[i], centre, name), "frozen: " + REPORTS[i]);
        }
        assertNotEquals(before[0], get(REPORTS[0], centre, null), "the live store moved on");
        given().get("/api/v1/freezes/" + id).then().statusCode(200).body("name", equalTo(name));
    }

    @Test
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void aWithdrawalRemovesTheCaseFromEveryFreezeAndAmendsThem() {
        String centre = TestRecords.centre("Y");
        cases(centre, 6);
        String first = name();
        String second = name();
        String id1 = given().contentType("application/json").body("{\"name\": \"" + first + "\"}").post("/api/v1/freezes")
                .then().statusCode(201).extract().path("id");
        String id2 = given().contentType("application/json").body("{\"name\": \"" + second + "\"}").post("/api/v1/freezes")
                .then().statusCode(201).extract().path("id");
        int count1 = given().get("/api/v1/freezes/" + id1).then().extract().path("case_count");
        send(centre + "-2", null);
        Poll.until("freeze amended", () -> given().get("/api/v1/freezes/" + id1).then().extract().<String>path("amended_at"),
                a -> a != null);
        given().get("/api/v1/freezes/" + id1).then().body("case_count", equalTo(count1 - 1));
        given().get("/api/v1/freezes/" + id2).then().body("amended_at", notNullValue());
        given().get("/api/v1/reports/summary?by=centre_id&centre_id=" + centre + "&freeze=" + first).then().statusCode(200)
                .body("total.count", equalTo(5));
        assertEquals(5, stored(centre));
    }

    @Test
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void freezeRequestsAreChecked() {
        String name = name();
        given().contentType("application/json").body("{\"name\": \"" + name + "\"}").post("/api/v1/freezes").then().statusCode(201);
        given().contentType("application/json").body("{\"name\": \"" + name() + "\"}").post("/api/v1/freezes").then().statusCode(201);
        given().contentType("application/json").body("{\"name\": \"" + name + "\"}").post("/api/v1/freezes").then().statusCode(409)
                .contentType("application/problem+json");
        given().contentType("application/json").body("{\"name\": \"no spaces/please\"}").post("/api/v1/freezes").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/name")).body("errors[0].rule", equalTo("format"));
        given().contentType("application/json").body("{}").post("/api/v1/freezes").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/name")).body("errors[0].rule", equalTo("required"));
        given().contentType("application/json").body("{\"name\": \"X1\", \"note\": 1}").post("/api/v1/freezes").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/note")).body("errors[0].rule", equalTo("unknown-field"));
        given().get("/api/v1/freezes/" + UUID.randomUUID()).then().statusCode(404);
        given().queryParam("size", 1000).get("/api/v1/freezes").then().statusCode(400);
        given().queryParam("size", 2).get("/api/v1/freezes").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("total", greaterThanOrEqualTo(1)).body("page", equalTo(0))
                .body("size", equalTo(2)).body("items[0].case_count", notNullValue());
    }

    @Test
    @TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
    void registryAdminMayFreeze() {
        given().contentType("application/json").body("{\"name\": \"" + name() + "\"}").post("/api/v1/freezes").then().statusCode(201)
                .body("created_by", equalTo("registry-admin"));
    }

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void steeringCannotFreeze() {
        given().contentType("application/json").body("{\"name\": \"" + name() + "\"}").post("/api/v1/freezes").then().statusCode(403);
        given().get("/api/v1/freezes").then().statusCode(200);
    }
}
