package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.restassured.response.ValidatableResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.submission.service.CsvCaseLayout;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
class ImportTest {

    static final CaseReportForm FORM = CaseReportForm.current();

    /** The CSV columns of a case in the documented layout (section.field, section.N.field). */
    static Map<String, String> flatten(ObjectNode c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Section s : FORM.sections()) {
            JsonNode n = c.get(s.code());
            if (n == null) {
                continue;
            }
            List<JsonNode> entries = new ArrayList<>();
            if (s.many()) {
                n.forEach(entries::add);
            } else {
                entries.add(n);
            }
            for (int i = 0; i < entries.size(); i++) {
                String prefix = s.many() ? s.code() + "." + (i + 1) + "." : s.code() + ".";
                for (Iterator<Map.Entry<String, JsonNode>> it = entries.get(i).fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    List<String> parts = new ArrayList<>();
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(x -> parts.add(x.asText()));
                    }
                    out.put(prefix + e.getKey(), e.getValue().isArray() ? String.join("|", parts) : e.getValue().asText());
                }
            }
        }
        return out;
    }

    ValidatableResponse status(String id) {
        return given().get("/api/v1/imports/" + id).then().statusCode(200);
    }

    @Test
    void theDocumentedExampleImports() throws Exception {
        Path example = Path.of("../../docs/import-example.csv");
        String body = Files.readString(example).replace("LR-EXAMPLE", "LR-EX-" + UUID.randomUUID().toString().substring(0, 6));
        String id = given().contentType("text/csv").body(body).when().post("/api/v1/imports")
                .then().statusCode(202).body("id", notNullValue()).extract().path("id");
        Poll.until("example imported", () -> status(id).extract().<String>path("status"), "completed"::equals);
        status(id).body("summary.created", equalTo(2)).body("summary.rejected", equalTo(0))
                .body("results.items.outcome", everyItem(equalTo("created")));
    }

    @Test
    void aJsonArrayUpsertsByLocalRef() {
        ObjectNode a = SampleCases.valid(SampleCases.identity(UUID.randomUUID().toString().substring(0, 8)), "registry_only");
        ObjectNode b = SampleCases.valid(SampleCases.identity(UUID.randomUUID().toString().substring(0, 8)), "registry_only");
        ArrayNode first = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(a).add(b);
        String id1 = given().contentType("application/json").body(first.toString()).post("/api/v1/imports")
                .then().statusCode(202).extract().path("id");
        Poll.until("first import", () -> status(id1).extract().<String>path("status"), "completed"::equals);
        ((ObjectNode) b.get("liver_disease")).put("lesion_count", 9);
        ObjectNode bad = a.deepCopy();
        ((ObjectNode) bad.get("patient")).put("local_ref", "LR-bad-" + UUID.randomUUID());
        ((ObjectNode) bad.get("primary_tumour")).put("who_grade", "G7");
        ArrayNode second = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(a).add(b).add(bad);
        String id2 = given().contentType("application/json").body(second.toString()).post("/api/v1/imports")
                .then().statusCode(202).extract().path("id");
        Poll.until("second import", () -> status(id2).extract().<String>path("status"), "completed"::equals);
        status(id2).body("summary.unchanged", equalTo(1)).body("summary.updated", equalTo(1)).body("summary.rejected", equalTo(1))
                .body("results.items[2].errors[0].pointer", equalTo("/primary_tumour/who_grade"))
                .body("results.items[2].errors[0].rule", equalTo("enum"));
    }

    @Test
    void aFileWithoutItsHeaderRowNeverEchoesThePatientsValues() {
        String body = given().contentType("text/csv; charset=UTF-8").body("LR-77,Mueller,Anna,1961-04-02,female,7561234567\n")
                .when().post("/api/v1/imports").then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/header/column-2"))
                .extract().asString();
        for (String value : new String[] {"LR-77", "Mueller", "Anna", "1961-04-02", "7561234567"}) {
            org.junit.jupiter.api.Assertions.assertFalse(body.contains(value), "the problem names the column, not its text");
        }
    }

    @Test
    void anUnknownColumnIsRejectedBeforeTheJobStarts() {
        given().contentType("text/csv").body("patient.local_ref,patient.shoe_size,procedures.procedure_date\nx,1,2024-01-01\n")
                .when().post("/api/v1/imports").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/header/patient.shoe_size"))
                .body("errors.pointer", hasItem("/header/procedures.procedure_date"));
        given().contentType("application/json").body("{\"not\":\"an array\"}").when().post("/api/v1/imports").then().statusCode(400);
    }

    @Test
    @TestSecurity(user = "c002-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C002"), augmentors = PermissionGrants.class)
    void anotherCentresImportIsNotFound() {
        given().get("/api/v1/imports/" + UUID.randomUUID()).then().statusCode(404);
    }

    /**
     * 10,000 cases, 3% deliberately bad: good rows stored, bad rows reported with their rule,
     * progress visible while it runs. The test JVM runs with -Xmx384m (see the pom), app and
     * test together, so an import that held the file or its rows in memory would fail here;
     * it prints the largest heap use seen while it ran.
     */
    @Test
    void tenThousandCasesWithThreePercentBadRows() throws Exception {
        int n = 10_000;
        String run = UUID.randomUUID().toString().substring(0, 6);
        Path file = Files.createTempFile("import-10k-", ".csv");
        List<String> header = null;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            CSVPrinter out = null;
            for (int i = 0; i < n; i++) {
                ObjectNode c = SampleCases.valid(SampleCases.identity(run + "x" + i), "registry_and_research");
                if (i % 100 < 3) {
                    ((ObjectNode) c.get("liver_disease")).put("lesion_count", 0); // range
                }
                Map<String, String> row = flatten(c);
                if (out == null) {
                    header = new ArrayList<>(row.keySet());
                    out = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
                }
                List<String> values = new ArrayList<>();
                for (String h : header) {
                    values.add(row.getOrDefault(h, ""));
                }
                out.printRecord(values);
            }
            out.flush();
        }
        var mem = ManagementFactory.getMemoryMXBean();
        long[] peak = {mem.getHeapMemoryUsage().getUsed()};
        String id = given().contentType("text/csv").body(file.toFile()).when().post("/api/v1/imports")
                .then().statusCode(202).extract().path("id");
        boolean[] sawProgress = {false};
        Poll.until("10k import", Duration.ofMinutes(10), () -> {
            peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed());
            var s = status(id).extract();
            int done = s.path("done");
            if (done > 0 && done < n) {
                sawProgress[0] = true;
            }
            return s.<String>path("status");
        }, st -> st.equals("completed") || st.equals("failed"));
        Files.delete(file);
        System.out.printf("import of %d cases: peak heap used %d MiB (max %d MiB)%n", n, peak[0] >> 20,
                mem.getHeapMemoryUsage().getMax() >> 20);
        status(id).body("status", equalTo("completed")).body("done", equalTo(n)).body("total", equalTo(n))
                .body("summary.created", equalTo(n - 300)).body("summary.rejected", equalTo(300));
        assertTrue(sawProgress[0], "progress was visible while the import ran");
        given().queryParam("outcome", "rejected").queryParam("size", 1000).get("/api/v1/imports/" + id).then()
                .body("results.total", equalTo(300))
                .body("results.items[0].row", equalTo(1))
                .body("results.items.errors.flatten().pointer", everyItem(equalTo("/liver_disease/lesion_count")))
                .body("results.items.errors.flatten().rule", everyItem(equalTo("range")));
    }
}
