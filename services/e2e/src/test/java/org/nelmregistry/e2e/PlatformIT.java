package org.nelmregistry.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.Tokens;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A case travels from a centre to the reporting side through the real stack: Keycloak tokens
 * by password grant, the Kafka broker, PostgreSQL, and the three services as processes.
 */
@ExtendWith(RegistryStack.class)
class PlatformIT {

    static final String SUBMISSION = RegistryStack.url("submission");
    static final String REPORTING = RegistryStack.url("reporting");

    static String tag() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static Response post(String user, ObjectNode c) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json").body(c.toString())
                .when().post(SUBMISSION + "/api/v1/cases");
    }

    /** A sample case with its own index year and a clinical marker to find it downstream. */
    static ObjectNode sample(SampleCases.Identity id, String consent, int yearShift, int marker) {
        ObjectNode c = SampleCases.shiftYears(SampleCases.valid(id, consent), yearShift);
        ((ObjectNode) c.get("liver_disease")).put("largest_lesion_mm", marker);
        return c;
    }

    static Map<String, Object> summaryCell(String user, String centre, int year, String type) {
        List<Map<String, Object>> cells = given().auth().oauth2(Tokens.of(user))
                .when().get(REPORTING + "/api/v1/reports/summary")
                .then().statusCode(200).extract().path("cells");
        return cells.stream().filter(c -> centre.equals(c.get("centre_id")) && Integer.valueOf(year).equals(c.get("index_year"))
                && type.equals(c.get("index_procedure_type"))).findFirst().orElse(null);
    }

    @Test
    void aCaseReachesReportingAndTheAnalystExportWithoutAnyIdentifier() throws Exception {
        SampleCases.Identity research = SampleCases.identity(tag());
        SampleCases.Identity registryOnly = SampleCases.identity(tag());
        // accented names and a punctuated national id: the leak scan also looks for their normalised forms
        SampleCases.Identity accented = LeakScan.nonAscii(tag());
        // index year 2014 belongs to this test alone
        String id = post("c001-submitter", sample(research, "registry_and_research", -10, 311))
                .then().statusCode(201).header("Location", notNullValue()).body("id", notNullValue())
                .extract().path("id");
        post("c001-submitter", sample(registryOnly, "registry_only", -10, 312)).then().statusCode(201);
        post("c001-submitter", sample(accented, "registry_and_research", -10, 313)).then().statusCode(201);

        // the cases arrive in reporting; the analyst sees the cell with its count
        Map<String, Object> cell = Poll.until("C001/2014/major_hepatectomy with 3 cases for analyst",
                () -> summaryCell("analyst", "C001", 2014, "major_hepatectomy"),
                c -> c != null && Integer.valueOf(3).equals(c.get("count")));
        assertEquals(false, cell.get("suppressed"));
        // steering sees the same cell suppressed
        Map<String, Object> steering = summaryCell("steering", "C001", 2014, "major_hepatectomy");
        assertTrue(steering.containsKey("count"));
        assertEquals(null, steering.get("count"));
        assertEquals(true, steering.get("suppressed"));

        // the analyst's CSV export: a row for the research case, none for the registry-only one
        Map<String, String> files = exportFiles("{\"format\":\"csv\",\"purpose\":\"PlatformIT\"}");
        String csv = files.get("cases.csv");
        List<String> header = List.of(csv.lines().findFirst().orElseThrow().split(","));
        int lesion = header.indexOf("largest_lesion_mm");
        List<String[]> rows = csv.lines().skip(1).map(l -> l.split(",", -1)).toList();
        List<String[]> mine = rows.stream().filter(r -> r[lesion].equals("311")).toList();
        assertEquals(1, mine.size(), "one row for the research case");
        assertTrue(mine.get(0)[header.indexOf("case_pseudonym")].startsWith("cp_"));
        assertTrue(mine.get(0)[header.indexOf("patient_pseudonym")].startsWith("pp_"));
        assertEquals("C001", mine.get(0)[header.indexOf("centre_id")]);
        String shiftedBirth = SampleCases.shiftYears(SampleCases.valid(research, "registry_only"), -10).path("patient")
                .path("birth_date").asText();
        assertEquals(Integer.toString(org.nelmregistry.contracts.IndexProcedure.ageAtIndex(java.time.LocalDate.parse(shiftedBirth),
                java.time.LocalDate.of(2014, 2, 20))), mine.get(0)[header.indexOf("age_at_index")], "age at the index procedure");
        assertEquals("2014", mine.get(0)[header.indexOf("index_year")]);
        assertTrue(rows.stream().noneMatch(r -> r[lesion].equals("312")), "no row for the registry-only case");

        // no identifier value anywhere downstream, in any form (LeakScan): export, topics with their
        // headers, reporting database, logs
        String topic = Probes.topicText(Topics.DEIDENTIFIED_CASES);
        String reportingDb = Probes.dumpDatabase("reporting");
        assertTrue(topic.contains("\"largest_lesion_mm\":311") && topic.contains("\"largest_lesion_mm\":313"), "the topic was read");
        assertTrue(reportingDb.contains("311"), "the database was read");
        assertTrue(rows.stream().anyMatch(r -> r[lesion].equals("313")), "the accented case was exported");
        List<SampleCases.Identity> people = List.of(research, registryOnly, accented);
        java.util.function.UnaryOperator<java.time.LocalDate> submitted = d -> d.minusYears(10);
        LeakScan.assertNoIdentity("the export (every file of the zip)", String.join("\n", files.values()), people, submitted);
        LeakScan.assertNoIdentity("the de-identified topic", topic, people, submitted);
        LeakScan.assertNoIdentity("the dead-letter topic", Probes.topicText(Topics.DEAD_LETTER), people, submitted);
        LeakScan.assertNoIdentity("the reporting database", reportingDb, people, submitted);
        assertFalse(topic.contains(id), "the submission case id crossed the boundary");
        for (String service : List.of("deidentification", "reporting")) {
            LeakScan.assertNoIdentity(service + "'s log", Files.readString(RegistryStack.logDir().resolve(service + ".log")),
                    people, submitted);
        }
    }

    /** A topic read that cannot reach the topic's end fails instead of returning part of the topic. */
    @Test
    void aTopicReadThatTimesOutBeforeTheEndFails() {
        post("c001-submitter", sample(SampleCases.identity(tag()), "registry_only", -11, 202)).then().statusCode(201);
        Poll.until("a record on the de-identified topic", () -> countReporting(202), n -> n >= 1);
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> Probes.readTopic(Topics.DEIDENTIFIED_CASES, java.time.Duration.ZERO));
        assertTrue(e.getMessage().contains("before the end of the topic"), e.getMessage());
        assertFalse(Probes.readTopic(Topics.DEIDENTIFIED_CASES).isEmpty());
    }

    @Test
    void centresAreIsolatedAndRolesEnforced() {
        String id = post("c001-submitter", sample(SampleCases.identity(tag()), "registry_only", -11, 200))
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.of("c001-lead")).when().get(SUBMISSION + "/api/v1/cases/" + id)
                .then().statusCode(200).header("ETag", "\"1\"");
        given().auth().oauth2(Tokens.of("c002-submitter")).when().get(SUBMISSION + "/api/v1/cases/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get(SUBMISSION + "/api/v1/cases/" + id).then().statusCode(401);
        given().auth().oauth2(Tokens.of("unassigned-submitter")).when().get(SUBMISSION + "/api/v1/cases/" + id)
                .then().statusCode(403).contentType("application/problem+json");
        post("steering", sample(SampleCases.identity(tag()), "registry_only", -11, 201)).then().statusCode(403);
        given().auth().oauth2(Tokens.of("steering")).contentType("application/json").body("{\"format\":\"csv\"}")
                .when().post(REPORTING + "/api/v1/exports").then().statusCode(403);
        given().auth().oauth2("not-a-token").when().get(REPORTING + "/api/v1/reports/summary").then().statusCode(401);
    }

    @Test
    void postingTheSameCaseTwiceMakesOneCaseEverywhereAndOtherContentConflicts() throws Exception {
        SampleCases.Identity who = SampleCases.identity(tag());
        ObjectNode c = sample(who, "registry_and_research", -12, 333);
        String id = post("c001-submitter", c).then().statusCode(201).extract().path("id");
        post("c001-submitter", c).then().statusCode(200).body("id", equalTo(id));
        ObjectNode other = c.deepCopy();
        ((ObjectNode) other.get("liver_disease")).put("lesion_count", 9);
        post("c001-submitter", other).then().statusCode(409).contentType("application/problem+json")
                .body("existing_id", equalTo(id));

        assertEquals(1, Probes.count("submission", "SELECT count(*) FROM cases WHERE local_ref = ?", who.localRef()));
        assertEquals(1, Probes.count("submission", "SELECT count(*) FROM outbox WHERE event_key = ?", id));
        Poll.until("the case in reporting", () -> countReporting(333), n -> n >= 1);
        // the outbox holds one event for the case and it has been relayed: nothing more can arrive
        Poll.until("outbox relayed", () -> countSql("submission",
                "SELECT count(*) FROM outbox WHERE published_at IS NULL"), n -> n == 0);
        assertEquals(1, countReporting(333));
    }

    /**
     * Requests an export as the analyst, waits for it, downloads the zip and returns its files by
     * name (UTF-8 text; Parquet files as ISO-8859-1 so their bytes survive a scan).
     */
    static Map<String, String> exportFiles(String body) throws java.io.IOException {
        String id = given().auth().oauth2(Tokens.of("analyst")).contentType("application/json").body(body)
                .when().post(REPORTING + "/api/v1/exports").then().statusCode(202).body("id", notNullValue()).extract().path("id");
        Poll.until("export done", () -> given().auth().oauth2(Tokens.of("analyst"))
                .get(REPORTING + "/api/v1/exports/" + id).then().extract().<String>path("status"), "completed"::equals);
        byte[] zip = given().auth().oauth2(Tokens.of("analyst")).when().get(REPORTING + "/api/v1/exports/" + id + "/file")
                .then().statusCode(200).contentType("application/zip").extract().asByteArray();
        Map<String, String> files = new java.util.TreeMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] bytes = in.readAllBytes();
                files.put(e.getName(), new String(bytes, e.getName().endsWith(".parquet")
                        ? java.nio.charset.StandardCharsets.ISO_8859_1 : java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    static long countReporting(int marker) {
        return countSql("reporting", "SELECT count(*) FROM case_records WHERE (record->'liver_disease'->>'largest_lesion_mm')::int = " + marker);
    }

    static long countSql(String service, String sql) {
        try {
            return Probes.count(service, sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
