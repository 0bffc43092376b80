package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import org.junit.jupiter.api.Test;
import org.nelmregistry.submission.service.Limits;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import io.quarkus.test.common.http.TestHTTPResource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every input is bounded; each limit is a 4xx problem+json naming it, and the dictionary lists them. */
@QuarkusTest
@TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
class InputLimitsTest {

    @TestHTTPResource("/")
    URI url;

    static ObjectNode sample() {
        return SampleCases.valid(SampleCases.identity(UUID.randomUUID().toString().substring(0, 8)), "registry_only");
    }

    @Test
    void aCsvColumnIndexFarBeyondTheEntryLimitIsRefusedBeforeTheJobStarts() {
        // before: the import built two billion entries (out of memory), or a NumberFormatException (500)
        for (String col : new String[] {"procedures.2000000000.procedure_type", "procedures.99999999999999999999.procedure_type",
                "procedures.51.procedure_type"}) {
            given().contentType("text/csv").body("patient.local_ref," + col + "\nx,major_hepatectomy\n").post("/api/v1/imports")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/header/" + col))
                    .body("errors[0].rule", equalTo("limit-section-entries"));
        }
    }

    @Test
    void tooManyCsvColumnsLongCellsAndLongRowsAreRefused() {
        StringBuilder header = new StringBuilder("patient.local_ref");
        for (int i = 0; i < Limits.CSV_COLUMNS; i++) {
            header.append(",patient.notes");
        }
        given().contentType("text/csv").body(header + "\n").post("/api/v1/imports")
                .then().statusCode(400).body("errors[0].rule", equalTo("limit-csv-columns"));

        String cell = "a".repeat(Limits.CSV_CELL_CHARS + 1);
        given().contentType("text/csv").body("patient.local_ref,patient.notes\nx,ok\ny," + cell + "\n").post("/api/v1/imports")
                .then().statusCode(400).body("errors[0].rule", equalTo("limit-csv-cell-length"))
                .body("errors[0].pointer", equalTo("/rows/2/2"));

        // one quoted cell spanning many short lines: the row is what is bounded, not the line
        String longRow = "\"" + "b\n".repeat(Limits.CSV_ROW_CHARS / 2 + 64 * 1024) + "\"";
        given().contentType("text/csv").body("patient.local_ref,patient.notes\nx," + longRow + "\n").post("/api/v1/imports")
                .then().statusCode(400).body("errors[0].rule", equalTo("limit-csv-row-length"))
                .body("errors[0].pointer", equalTo("/rows/1"));
    }

    @Test
    void aCaseHasAtMostFiftyEntriesPerSection() {
        ObjectNode c = sample();
        ArrayNode procs = (ArrayNode) c.get("procedures");
        while (procs.size() <= Limits.SECTION_ENTRIES) {
            procs.add(procs.get(0).deepCopy());
        }
        given().contentType("application/json").body(c.toString()).post("/api/v1/cases")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/procedures")).body("errors.rule", hasItem("limit-section-entries"));
    }

    @Test
    void aCaseBodyOverOneMebibyteIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
        ObjectNode c = sample();
        String big = c.toString().replaceFirst("\\{", "{" + " ".repeat(Limits.CASE_BODY_BYTES) + " ");
        given().contentType("application/json").body(big).post("/api/v1/cases")
                .then().statusCode(413).contentType("application/problem+json").body("errors[0].rule", equalTo("limit-body-size"));
        // chunked: no length to check before the REST layer would buffer it all, so refused (411)
        for (String body : new String[] {big, sample().toString()}) {
            HttpResponse<String> chunked = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(url.resolve("/api/v1/cases")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(411, chunked.statusCode(), chunked.body());
            assertTrue(chunked.body().contains("\"rule\":\"limit-body-size\""), chunked.body());
        }
        // a read carries no body: never 411, also over the JDK client's default (HTTP/2 via h2c upgrade)
        HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/api/v1/cases")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), read.body());
        // an import may be larger
        String bigImport = "[" + " ".repeat(2 * Limits.CASE_BODY_BYTES) + sample() + "]";
        String job = given().contentType("application/json").body(bigImport).post("/api/v1/imports")
                .then().statusCode(202).extract().path("id");
        Poll.until("big import", () -> given().get("/api/v1/imports/" + job).then().extract().<String>path("status"), "completed"::equals);
        given().get("/api/v1/imports/" + job).then().body("summary.created", equalTo(1));
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String deep = "{\"patient\":" + "[".repeat(Limits.JSON_DEPTH + 5) + "]".repeat(Limits.JSON_DEPTH + 5) + "}";
        given().log().ifValidationFails().contentType("application/json").body(deep).post("/api/v1/cases")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json").body("errors[0].rule", equalTo("limit-json-depth"));
        given().contentType("application/json").body("[" + deep + "]").post("/api/v1/imports")
                .then().statusCode(400).body("errors[0].rule", equalTo("limit-json-depth"));
    }

    @Test
    void aJsonImportElementOverTheCaseSizeIsRefused() {
        ObjectNode c = sample();
        ((ObjectNode) c.get("patient")).put("notes", "n".repeat(Limits.CASE_BODY_BYTES));
        given().contentType("application/json").body("[" + sample() + "," + c + "]").post("/api/v1/imports")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/1")).body("errors[0].rule", equalTo("limit-body-size"));
    }

    @Test
    void pageAndSizeAreBoundedOnEveryList() {
        for (String list : new String[] {"/api/v1/cases", "/api/v1/queries"}) {
            given().queryParam("page", -1).get(list).then().statusCode(400).body("errors[0].pointer", equalTo("/page"))
                    .body("errors[0].rule", equalTo("limit-page"));
            given().queryParam("page", Limits.MAX_PAGE + 1).get(list).then().statusCode(400).body("errors[0].rule", equalTo("limit-page"));
            given().queryParam("size", 0).get(list).then().statusCode(400).body("errors[0].pointer", equalTo("/size"))
                    .body("errors[0].rule", equalTo("limit-size"));
            given().queryParam("size", 501).get(list).then().statusCode(400).body("errors[0].rule", equalTo("limit-size"));
            given().queryParam("page", Limits.MAX_PAGE).queryParam("size", 500).get(list).then().statusCode(200);
        }
        given().queryParam("size", 1001).get("/api/v1/imports/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void theDictionaryServesTheLimits() {
        given().get("/api/v1/dictionary").then().statusCode(200)
                .body("limits.body_bytes.cases", equalTo(Limits.CASE_BODY_BYTES))
                .body("limits.body_bytes.rule", equalTo("limit-body-size"))
                .body("limits.section_entries.max", equalTo(50))
                .body("limits.csv_columns.max", equalTo(Limits.CSV_COLUMNS))
                .body("limits.csv_cell_chars.rule", equalTo("limit-csv-cell-length"))
                .body("limits.size.max", equalTo(500))
                .body("limits.page.max", equalTo(Limits.MAX_PAGE));
    }

    @Test
    @TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
    void theAuditListIsBoundedToo() {
        given().queryParam("page", -1).get("/api/v1/audit").then().statusCode(400).body("errors[0].rule", equalTo("limit-page"));
    }
}
