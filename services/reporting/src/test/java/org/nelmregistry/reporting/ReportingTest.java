package org.nelmregistry.reporting;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.reporting.repository.AnalyticRepository;
import org.nelmregistry.reporting.repository.ReportCaseRepository;
import org.nelmregistry.testsupport.Poll;

import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Service-level tests: in-memory de-identified channel, real PostgreSQL, @TestSecurity identities. */
@QuarkusTest
class ReportingTest {

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    ReportCaseRepository cases;
    @Inject
    AnalyticRepository analytic;

    static String record(String cp, String centre, int revision, int year, String type, String consent) {
        ObjectNode rec = JsonNodeFactory.instance.objectNode();
        rec.putObject("patient").put("sex", "male").put("country", "NL").put("consent_scope", consent).put("consent_date", -20);
        rec.putObject("primary_tumour").put("primary_site", "pancreas").put("ki67_percent", 2.5);
        rec.putObject("liver_disease").put("lesion_count", 2).putArray("extrahepatic_sites").add("bone").add("lung");
        rec.putArray("procedures").addObject().put("procedure_date", 0).put("procedure_type", type).put("intent", "curative");
        return EventJson.write(new CaseDeidentified(UUID.randomUUID(), cp, "pp_" + cp, centre, revision, Instant.now(), 1, 1,
                "k1", year, type, 63, rec));
    }

    void send(String key, String value) {
        connector.source("deidentified").send(TestRecords.batch(key, value));
    }

    void awaitCount(long n) {
        Poll.until(n + " stored records", () -> cases.count(), c -> c == n);
    }

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void summaryCountsEveryCaseAndSuppressesSmallCellsForSteering() {
        long before = cases.count();
        String centre = "S" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 6; i++) {
            send("cp-big-" + centre + i, record("cp-big-" + centre + i, centre, 1, 2023, "ablation", "registry_only"));
        }
        send("cp-small-" + centre, record("cp-small-" + centre, centre, 1, 2024, "ablation", "registry_and_research"));
        awaitCount(before + 7);
        // the 2024 cell (1 case) is hidden; no visible count anywhere is from 1 to 4 (which other
        // counts complementary suppression hides depends on the whole store)
        given().when().get("/api/v1/reports/summary").then().statusCode(200)
                .body("cells.find { it.centre_id == '" + centre + "' && it.index_year == 2024 }.count", nullValue())
                .body("cells.find { it.centre_id == '" + centre + "' && it.index_year == 2024 }.suppressed", equalTo(true))
                .body("cells.findAll { it.count != null && it.count >= 1 && it.count <= 4 }", empty())
                .body("margins.findAll { it.count != null && it.count >= 1 && it.count <= 4 }", empty());
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void analystSeesSmallCounts() {
        String centre = "A" + UUID.randomUUID().toString().substring(0, 6);
        long before = cases.count();
        send("cp-a-" + centre, record("cp-a-" + centre, centre, 1, 2022, "debulking", "registry_only"));
        awaitCount(before + 1);
        given().when().get("/api/v1/reports/summary").then().statusCode(200)
                .body("cells.find { it.centre_id == '" + centre + "' }.count", equalTo(1))
                .body("cells.find { it.centre_id == '" + centre + "' }.suppressed", equalTo(false));
    }

    @Test
    void aNewerRevisionWinsAStaleOneIsIgnoredAndATombstoneDeletes() {
        String cp = "cp-rev-" + UUID.randomUUID();
        long before = cases.count();
        send(cp, record(cp, "C009", 2, 2020, "ablation", "registry_only"));
        awaitCount(before + 1);
        send(cp, record(cp, "C009", 1, 2021, "debulking", "registry_only"));
        send(cp, record(cp, "C009", 3, 2022, "liver_transplantation", "registry_only"));
        // a fresh transaction per look, so the session cache never answers
        Poll.until("revision 3", () -> QuarkusTransaction.requiringNew().call(() -> cases.findById(cp).revision), r -> r == 3);
        assertEquals(2022, QuarkusTransaction.requiringNew().call(() -> cases.findById(cp).indexYear));
        send(cp, null);
        awaitCount(before);
    }

    @Test
    void aBatchIsAppliedInOrderAsItsMessagesWouldBeOneByOne() {
        String a = "cp-batch-a-" + UUID.randomUUID();
        String b = "cp-batch-b-" + UUID.randomUUID();
        String c = "cp-batch-c-" + UUID.randomUUID();
        String d = "cp-batch-d-" + UUID.randomUUID();
        long before = cases.count();
        long version = QuarkusTransaction.requiringNew().call(() -> analytic.version());
        // a: two revisions and a stale one; b: stored then withdrawn in the same batch; an unreadable
        // record does not hold back the rest of its batch; c: stored
        connector.source("deidentified").send(TestRecords.batch(
                new String[] {a, record(a, "C010", 1, 2020, "ablation", "registry_only")},
                new String[] {b, record(b, "C010", 1, 2020, "ablation", "registry_only")},
                new String[] {a, record(a, "C010", 3, 2022, "liver_transplantation", "registry_only")},
                new String[] {"cp-unreadable", "{not json"},
                new String[] {b, null},
                new String[] {a, record(a, "C010", 2, 2021, "debulking", "registry_only")},
                new String[] {c, record(c, "C010", 1, 2023, "debulking", "registry_only")},
                // d: two records of one case under two message keys (the record's pseudonym decides)
                new String[] {"another-key-" + d, record(d, "C010", 1, 2019, "ablation", "registry_only")},
                new String[] {d, record(d, "C010", 2, 2020, "ablation", "registry_only")}));
        Poll.until("case d stored", () -> QuarkusTransaction.requiringNew().call(() -> cases.findById(d)), r -> r != null);
        assertEquals(before + 3, cases.count());
        assertEquals(2, QuarkusTransaction.requiringNew().call(() -> cases.findById(d).revision));
        assertEquals(3, QuarkusTransaction.requiringNew().call(() -> cases.findById(a).revision));
        assertEquals(2022, QuarkusTransaction.requiringNew().call(() -> cases.findById(a).indexYear));
        assertEquals(null, QuarkusTransaction.requiringNew().call(() -> cases.findById(b)));
        // one transaction, one step of the store's version (V5), however many statements it ran
        assertEquals(version + 1, QuarkusTransaction.requiringNew().call(() -> analytic.version()));
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void csvExportHasOnlyResearchConsentedCases() throws java.io.IOException {
        String centre = "E" + UUID.randomUUID().toString().substring(0, 6);
        long before = cases.count();
        send("cp-yes-" + centre, record("cp-yes-" + centre, centre, 1, 2021, "ablation", "registry_and_research"));
        send("cp-no-" + centre, record("cp-no-" + centre, centre, 1, 2021, "ablation", "registry_only"));
        awaitCount(before + 2);
        String id = given().contentType("application/json").body("{\"format\":\"csv\",\"purpose\":\"consent check\"}")
                .when().post("/api/v1/exports").then().statusCode(202).body("status", equalTo("queued"))
                .extract().path("id");
        Poll.until("export completed", () -> given().get("/api/v1/exports/" + id).then().extract().<String>path("status"),
                "completed"::equals);
        given().get("/api/v1/exports/" + id).then().body("done", equalTo(given().get("/api/v1/exports/" + id).then()
                .extract().<Integer>path("total")));
        byte[] zip = given().when().get("/api/v1/exports/" + id + "/file").then().statusCode(200)
                .contentType("application/zip").extract().asByteArray();
        String csv = null;
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().equals("cases.csv")) {
                    csv = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        assertEquals(true, csv.contains("cp-yes-" + centre));
        assertEquals(false, csv.contains("cp-no-" + centre));
        String header = csv.lines().findFirst().orElseThrow();
        assertEquals(true, header.startsWith("case_pseudonym,patient_pseudonym,centre_id,age_at_index,index_year,form_version,"), header);
        assertEquals(false, header.contains("family_name") || header.contains("birth_date") || header.contains("notes"), header);
        String row = csv.lines().filter(l -> l.startsWith("cp-yes-" + centre)).findFirst().orElseThrow();
        assertEquals(true, row.contains("bone|lung"), row);
    }

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void steeringCannotExport() {
        given().contentType("application/json").body("{\"format\":\"csv\"}")
                .when().post("/api/v1/exports").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void anUnknownFormatIsAProblem() {
        given().contentType("application/json").body("{\"format\":\"xls\"}")
                .when().post("/api/v1/exports").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/format")).body("errors[0].rule", equalTo("enum"));
    }
}
