package org.nelmregistry.deidentification;

import org.nelmregistry.common.security.PermissionGrants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/v1/risk under the disclosure policy: exact for analyst and data manager, small classes withheld for the administrator. */
@QuarkusTest
class RiskDisclosureTest {

    static final String BODY = "{\"quasi_identifiers\":[\"centre\"],\"k\":5}";

    @Inject
    @Any
    InMemoryConnector connector;

    /** Releases one record of a centre nobody else uses: a class of exactly one record. */
    void aCentreOfOne() {
        InMemorySink<Record<String, String>> out = connector.sink("deidentified");
        int before = out.received().size();
        String centre = "R" + UUID.randomUUID().toString().substring(0, 6);
        connector.source("caseevents").send(EventJson.write(new CaseSubmitted(UUID.randomUUID(), UUID.randomUUID(), centre, 1,
                Instant.now(), 1, SampleCases.valid(SampleCases.identity("risk" + centre), "registry_only"))));
        Poll.until("released", () -> out.received().size(), n -> n > before);
    }

    static JsonPath risk() {
        return given().contentType("application/json").body(BODY).when().post("/api/v1/risk").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void theAnalystSeesExactSmallClasses() {
        aCentreOfOne();
        JsonPath r = risk();
        assertFalse(r.getBoolean("protected_view"));
        assertEquals(1, r.getInt("smallest_k.count"));
        List<Map<String, Object>> sizes = r.getList("class_sizes");
        assertTrue(sizes.stream().anyMatch(s -> Integer.valueOf(1).equals(((Map<?, ?>) s.get("size")).get("count"))));
    }

    @Test
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void theDataManagerSeesExactSmallClasses() {
        aCentreOfOne();
        assertEquals(1, risk().getInt("smallest_k.count"));
    }

    @Test
    @TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
    void theAdministratorGetsNoSmallCell() {
        aCentreOfOne();
        JsonPath r = risk();
        assertTrue(r.getBoolean("protected_view"));
        assertNull(r.get("smallest_k.count"));
        assertTrue(r.getBoolean("smallest_k.suppressed"));
        assertNull(r.get("max_prosecutor_risk"), "1 / smallest class");
        assertTrue(r.getBoolean("classes.suppressed"));
        int shown = 0;
        for (Map<String, Object> s : r.<Map<String, Object>>getList("class_sizes")) {
            Map<?, ?> size = (Map<?, ?>) s.get("size");
            if (Boolean.FALSE.equals(size.get("suppressed"))) {
                int n = (Integer) size.get("count");
                assertTrue(n >= 5, "a class of " + n + " shown to a protected role");
                shown += n * (Integer) ((Map<?, ?>) s.get("classes")).get("count");
            } else {
                assertNull(size.get("count"));
            }
        }
        if (!r.getBoolean("records.suppressed")) {
            int rest = r.getInt("records.count") - shown;
            assertTrue(rest == 0 || rest >= 5, "records minus the shown classes gives " + rest);
        }
    }
}
