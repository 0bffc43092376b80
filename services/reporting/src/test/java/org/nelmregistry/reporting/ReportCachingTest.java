package org.nelmregistry.reporting;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.reporting.report.Viewer;
import org.nelmregistry.reporting.repository.AnalyticRepository;
import org.nelmregistry.reporting.service.ReportParameters;
import org.nelmregistry.reporting.service.ReportService;
import org.nelmregistry.testsupport.Poll;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports are kept per analytic-store version: an unchanged store answers from the cache, and every kind of write
 * (a new record, a tombstone, a freeze, a withdrawal amending a freeze) shows in the very next report.
 */
@QuarkusTest
class ReportCachingTest {

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    AnalyticRepository analytic;
    @Inject
    ReportService reports;

    void send(String key, String value) {
        connector.source("deidentified").send(TestRecords.batch(key, value));
    }

    int stored(String centre) {
        return QuarkusTransaction.requiringNew().call(() -> analytic.find(null, AnalyticRepository.Filter.NONE.withCentre(centre), false)).size();
    }

    void add(String centre, String cp) {
        int before = stored(centre);
        send(cp, new TestRecords().resection().alive(400).json(cp, centre, 1, 2020));
        Poll.until("case " + cp + " stored", () -> stored(centre), n -> n == before + 1);
    }

    /** The total of the summary by centre for one centre, read over HTTP right after the store changed (no polling). */
    static int total(String centre, String freeze) {
        return given().get("/api/v1/reports/summary?by=centre_id&centre_id=" + centre + (freeze == null ? "" : "&freeze=" + freeze))
                .then().statusCode(200).extract().path("total.count");
    }

    @Test
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void anUnchangedStoreAnswersFromTheCacheAndEveryWriteShowsAtOnce() {
        String centre = TestRecords.centre("K");
        for (int i = 0; i < 6; i++) {
            add(centre, centre + "-" + i);
        }
        ReportParameters.Query q = ReportParameters.parse(ReportParameters.SUMMARY,
                Map.of("by", List.of("centre_id"), "centre_id", List.of(centre)));
        Object first = QuarkusTransaction.requiringNew().call(() -> reports.summary(q, Viewer.EXACT));
        assertSame(first, QuarkusTransaction.requiringNew().call(() -> reports.summary(q, Viewer.EXACT)),
                "an unchanged store answers from the cache");
        assertEquals(6, total(centre, null));

        // a new record: the next report counts it
        long v0 = QuarkusTransaction.requiringNew().call(() -> analytic.version());
        add(centre, centre + "-6");
        assertTrue(QuarkusTransaction.requiringNew().call(() -> analytic.version()) > v0, "a stored record moves the version");
        assertEquals(7, total(centre, null));
        assertNotSame(first, QuarkusTransaction.requiringNew().call(() -> reports.summary(q, Viewer.EXACT)));

        // a freeze, then a withdrawal (tombstone): gone from the live store and from the freeze at once
        String freeze = "C-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body("{\"name\": \"" + freeze + "\"}").post("/api/v1/freezes").then().statusCode(201);
        assertEquals(7, total(centre, freeze));
        send(centre + "-0", null);
        Poll.until("case withdrawn", () -> stored(centre), n -> n == 6);
        assertEquals(6, total(centre, null));
        assertEquals(6, total(centre, freeze));
    }
}
