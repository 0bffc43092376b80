package org.nelmregistry.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.nelmregistry.common.job.JobState;
import org.nelmregistry.reporting.export.ColumnType;
import org.nelmregistry.reporting.export.ExportColumn;
import org.nelmregistry.reporting.export.ExportTables;
import org.nelmregistry.reporting.service.FreezeService;
import org.nelmregistry.statistics.KaplanMeier;
import org.nelmregistry.statistics.KaplanMeierFit;
import org.nelmregistry.statistics.SurvivalObservation;
import org.nelmregistry.testsupport.Poll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analyst exports, end to end inside the service (in-memory de-identified channel, real PostgreSQL):
 * every format read back by an independent reader (DuckDB) equals the store; survival from the
 * exported cases equals the survival report; k-anonymity; audit, ownership, expiry on withdrawal.
 */
@QuarkusTest
class ExportTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    EntityManager em;
    @Inject
    FreezeService freezes;

    /** n research-consented cases of one centre with every section filled, seeded; plus one registry-only case. */
    List<String> cohort(String centre, int n, long seed) {
        Random rnd = new Random(seed);
        String[] sites = {"small_intestine", "pancreas", "pancreas", "rectum", "appendix"};
        String[] sexes = {"female", "male"};
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestRecords r = new TestRecords().consent("registry_and_research");
            r.patient.put("sex", sexes[rnd.nextInt(2)]).put("country", rnd.nextInt(4) == 0 ? "DE" : "NL");
            r.tumour.put("primary_site", sites[rnd.nextInt(sites.length)]).put("ki67_percent", new BigDecimal("2." + rnd.nextInt(10)));
            ((ObjectNode) r.root.get("liver_disease")).put("extrahepatic_disease", rnd.nextBoolean());
            ArrayNode sitesSet = ((ObjectNode) r.root.get("liver_disease")).putArray("extrahepatic_sites");
            if (rnd.nextBoolean()) {
                sitesSet.add("bone").add("lung");
            }
            ((ArrayNode) r.root.get("imaging")).addObject().put("imaging_date", -40 - rnd.nextInt(20)).put("modality", "ga68_ssa_pet")
                    .put("ssa_receptor_positive", true).put("lesions_detected", 1 + rnd.nextInt(9));
            ((ArrayNode) r.root.get("biomarkers")).addObject().put("sample_date", -10).put("chromogranin_a_ug_l", new BigDecimal("123.45"))
                    .put("netest_score", rnd.nextInt(100));
            if (rnd.nextBoolean()) {
                ((ArrayNode) r.root.get("neoadjuvant_therapy")).addObject().put("therapy", "prrt").put("start_date", -200).put("cycles", 4)
                        .put("response", "partial");
            }
            if (rnd.nextInt(3) == 0) {
                r.proc(-30, "portal_vein_embolisation", "staging_or_bridging", "not_applicable", "I", null);
            }
            r.proc(0, rnd.nextBoolean() ? "major_hepatectomy" : "minor_hepatectomy", "curative", rnd.nextBoolean() ? "R0" : "R1",
                    rnd.nextInt(5) == 0 ? "IIIa" : "II", "A");
            // a second procedure listed before the index but dated after it: seq follows the dates
            if (rnd.nextInt(4) == 0) {
                ArrayNode procs = r.procedures;
                ObjectNode later = JSON.createObjectNode().put("procedure_date", 300).put("procedure_type", "ablation")
                        .put("intent", "curative").put("approach", "percutaneous").put("margin", "not_applicable")
                        .put("clavien_dindo_max", "none").put("length_of_stay_days", 1).put("ablation_modality", "mwa");
                procs.insert(0, later);
            }
            int t = 30 + rnd.nextInt(2000);
            switch (rnd.nextInt(3)) {
                case 0 -> r.dead(t);
                case 1 -> r.recurrence(t / 2).alive(t);
                default -> r.alive(t);
            }
            ((ObjectNode) r.visits.get(0)).putArray("further_treatment").add("prrt");
            String key = centre + "-" + i;
            keys.add(key);
            connector.source("deidentified").send(TestRecords.batch(key, r.json(key, centre, 1, 2015 + rnd.nextInt(8))));
        }
        String other = centre + "-registry-only";
        connector.source("deidentified").send(TestRecords.batch(other, new TestRecords().resection().alive(500).json(other, centre, 1, 2020)));
        Poll.until(n + 1 + " analytic cases", () -> QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("SELECT count(*) FROM analytic_cases WHERE centre_id = :c").setParameter("c", centre)
                .getSingleResult()).intValue()), c -> c == n + 1);
        return keys;
    }

    String export(String body) {
        String id = given().contentType("application/json").body(body).post("/api/v1/exports").then().statusCode(202)
                .body("status", equalTo("queued")).extract().path("id");
        Poll.until("export " + id + " finished", () -> given().get("/api/v1/exports/" + id).then().extract().<String>path("status"),
                s -> s.equals(JobState.COMPLETED.wire()) || s.equals(JobState.FAILED.wire()));
        given().get("/api/v1/exports/" + id).then().body("status", equalTo(JobState.COMPLETED.wire()));
        return id;
    }

    /** Downloads and unzips an export into a fresh directory. */
    Path unzip(String id) throws IOException {
        byte[] zip = given().get("/api/v1/exports/" + id + "/file").then().statusCode(200).contentType("application/zip")
                .extract().asByteArray();
        Path dir = Files.createTempDirectory("export-");
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                Files.copy(in, dir.resolve(e.getName()));
            }
        }
        return dir;
    }

    static String reader(String format, Path file) {
        return switch (format) {
            case "csv" -> "read_csv_auto('" + file + "', header = true)";
            case "parquet" -> "read_parquet('" + file + "')";
            default -> "read_json_auto('" + file + "', format = 'newline_delimited')";
        };
    }

    /** A table as DuckDB reads it: rows (column → value) and the column types. */
    record Read(List<Map<String, Object>> rows, Map<String, String> types) {
    }

    static Read duck(String format, Path file, String orderBy) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + reader(format, file) + " ORDER BY " + orderBy)) {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, String> types = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                types.put(md.getColumnName(i), md.getColumnTypeName(i));
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Array a) {
                        Object[] items = (Object[]) a.getArray();
                        v = items.length == 0 ? null : String.join("|", java.util.Arrays.stream(items).map(Object::toString).toList());
                    }
                    row.put(md.getColumnName(i), v);
                }
                rows.add(row);
            }
            return new Read(rows, types);
        }
    }

    /** The expected rows of a table, computed here from the stored records and analytic rows (not by the export's SQL). */
    List<Map<String, Object>> expected(String table, List<String> keys) {
        List<ExportColumn> cols = ExportTables.current().columns(table);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String key : keys.stream().sorted().toList()) {
            Object[] rec = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "SELECT CAST(r.record AS text), r.form_version, a.patient_pseudonym, a.centre_id, a.age_at_index, a.index_year, "
                            + "a.index_procedure_type, a.death_90d, a.major_morbidity, a.phlf_bc, a.r0_resection, a.os_days, a.os_event, "
                            + "a.rfs_days, a.rfs_event FROM case_records r JOIN analytic_cases a USING (case_pseudonym) WHERE r.case_pseudonym = :cp")
                    .setParameter("cp", key).getSingleResult());
            JsonNode record = read((String) rec[0]);
            Map<String, Object> store = new HashMap<>();
            String[] names = {"", "form_version", "patient_pseudonym", "centre_id", "age_at_index", "index_year", "index_procedure_type",
                "death_90d", "major_morbidity", "phlf_bc", "r0_resection", "os_days", "os_event", "rfs_days", "rfs_event"};
            for (int i = 1; i < names.length; i++) {
                store.put(names[i], rec[i]);
            }
            store.put("case_pseudonym", key);
            if (table.equals(ExportTables.CASES)) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (ExportColumn c : cols) {
                    row.put(c.name(), c.source().kind() == ExportColumn.Source.Kind.RECORD
                            ? json(record.path(c.source().section()).get(c.source().field())) : store.get(c.name()));
                }
                out.add(row);
                continue;
            }
            JsonNode entries = record.path(table);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                order.add(i);
            }
            if (table.equals(ExportTables.PROCEDURES)) {
                order.sort(Comparator.comparingInt((Integer i) -> entries.get(i).get("procedure_date").asInt()).thenComparingInt(i -> i));
            }
            for (int s = 0; s < order.size(); s++) {
                JsonNode e = entries.get(order.get(s));
                int seq = s + 1;
                Map<String, Object> row = new LinkedHashMap<>();
                List<Object> derived = table.equals(ExportTables.PROCEDURES) ? QuarkusTransaction.requiringNew().call(() -> {
                    Object[] p = (Object[]) em.createNativeQuery("SELECT death_90d, major_morbidity, phlf_bc, r0_resection FROM analytic_procedures "
                            + "WHERE case_pseudonym = :cp AND seq = :s").setParameter("cp", key).setParameter("s", seq).getSingleResult();
                    return java.util.Arrays.asList(p);
                }) : List.of();
                for (ExportColumn c : cols) {
                    Object v = switch (c.source().kind()) {
                        case KEY -> key;
                        case SEQ -> seq;
                        case RECORD -> json(e.get(c.source().field()));
                        case DERIVED -> derived.get(ExportTables.PROCEDURE_OUTCOMES.indexOf(c.name()));
                    };
                    row.put(c.name(), v);
                }
                out.add(row);
            }
        }
        return out;
    }

    static Object json(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            List<String> s = new ArrayList<>();
            v.forEach(x -> s.add(x.asText()));
            return s.isEmpty() ? null : String.join("|", s);
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v.asText();
    }

    /** Values compared by meaning: numbers as decimals, booleans, text. */
    static Object norm(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (v instanceof Boolean) {
            return v;
        }
        String s = v.toString();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        return s;
    }

    static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DuckDB type families a column's type may be read as, per format (CSV and JSON are inferred by DuckDB). */
    static Set<String> types(ColumnType t, String format) {
        return switch (t) {
            case STRING, ENUM -> Set.of("VARCHAR");
            case INTEGER -> format.equals("parquet") ? Set.of("INTEGER") : Set.of("BIGINT", "INTEGER", "HUGEINT");
            case DECIMAL -> format.equals("parquet") ? Set.of("DECIMAL(18,6)") : Set.of("DOUBLE", "DECIMAL(18,3)", "DECIMAL(18,2)");
            case BOOLEAN -> Set.of("BOOLEAN");
            case ENUM_SET -> format.equals("csv") ? Set.of("VARCHAR") : Set.of("VARCHAR[]");
        };
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void everyFormatReadsBackWithDuckDbAsTheStoreHasIt() throws Exception {
        String centre = TestRecords.centre("X");
        List<String> keys = cohort(centre, 30, 7);
        Map<String, List<Map<String, Object>>> expected = new LinkedHashMap<>();
        for (String table : ExportTables.current().names()) {
            expected.put(table, expected(table, keys));
        }
        for (String format : List.of("csv", "parquet", "jsonl")) {
            String id = export("{\"format\": \"" + format + "\", \"purpose\": \"ExportTest " + format + "\", \"filters\": {\"centre_id\": \""
                    + centre + "\"}}");
            Path dir = unzip(id);
            JsonNode codebook = read(given().get("/api/v1/exports/" + id + "/codebook").then().statusCode(200).extract().asString());
            for (String table : ExportTables.current().names()) {
                Path file = dir.resolve(table + "." + format);
                assertTrue(Files.exists(file), format + ": " + table);
                boolean child = !table.equals(ExportTables.CASES);
                Read got = duck(format, file, child ? "case_pseudonym, seq" : "case_pseudonym");
                List<Map<String, Object>> want = expected.get(table);
                assertEquals(want.size(), got.rows().size(), format + " " + table + ": rows (the registry-only case is not exported)");
                List<ExportColumn> cols = ExportTables.current().columns(table);
                assertEquals(cols.stream().map(ExportColumn::name).toList(), List.copyOf(got.types().keySet()), format + " " + table);
                for (ExportColumn c : cols) {
                    boolean any = want.stream().anyMatch(r -> r.get(c.name()) != null);
                    if (any) {
                        assertTrue(types(c.type(), format).contains(got.types().get(c.name())),
                                format + " " + table + "." + c.name() + " read as " + got.types().get(c.name()));
                    }
                    // the codebook lists every column of every table
                    assertTrue(codebook.path("columns").findValuesAsText("column").contains(c.name()), c.name());
                }
                for (int i = 0; i < want.size(); i++) {
                    for (ExportColumn c : cols) {
                        assertEquals(norm(want.get(i).get(c.name())), norm(got.rows().get(i).get(c.name())),
                                format + " " + table + " row " + i + " " + c.name());
                    }
                }
            }
            assertTrue(Files.exists(dir.resolve("codebook.csv")) && Files.exists(dir.resolve("risk.json")));
            assertEquals(30, codebook.path("export").path("rows").path("cases").asInt());
            assertEquals("ExportTest " + format, codebook.path("export").path("purpose").asText());
        }
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void survivalFromTheExportedCasesEqualsTheSurvivalReport() throws Exception {
        String centre = TestRecords.centre("K");
        cohort(centre, 40, 11);
        String freeze = "export-km-" + UUID.randomUUID().toString().substring(0, 8);
        freezes.create(freeze, "test");
        String id = export("{\"format\": \"parquet\", \"tables\": [\"cases\"], \"freeze\": \"" + freeze
                + "\", \"purpose\": \"KM check\", \"filters\": {\"centre_id\": \"" + centre + "\"}}");
        Path cases = unzip(id).resolve("cases.parquet");
        for (String endpoint : List.of("os", "rfs")) {
            List<SurvivalObservation> obs = new ArrayList<>();
            for (Map<String, Object> r : duck("parquet", cases, "case_pseudonym").rows()) {
                Object t = r.get(endpoint + "_days");
                if (t != null) {
                    obs.add(new SurvivalObservation(((Number) t).doubleValue(), ((Number) r.get(endpoint + "_event")).intValue() == 1));
                }
            }
            KaplanMeierFit fit = KaplanMeier.fit(obs);
            JsonNode stratum = read(given().queryParam("freeze", freeze).queryParam("centre_id", centre)
                    .queryParam("consent_scope", "registry_and_research").queryParam("endpoint", endpoint)
                    .get("/api/v1/reports/survival").then().statusCode(200).extract().asString()).path("strata").get(0);
            assertEquals(fit.n(), stratum.path("n").asInt(), endpoint);
            assertEquals(fit.events(), stratum.path("events").asInt(), endpoint);
            JsonNode steps = stratum.path("steps");
            assertEquals(fit.steps().size(), steps.size(), endpoint);
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(fit.steps().get(i).time(), steps.get(i).path("time_days").asDouble(), 0, endpoint);
                assertEquals(fit.steps().get(i).survival(), steps.get(i).path("survival").asDouble(), 1e-12, endpoint);
            }
            assertTrue(fit.steps().size() > 3, "enough steps to compare");
        }
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void kFiveLeavesNoClassBelowFiveAndTheRiskReportMatchesAHandCount() throws Exception {
        String centre = TestRecords.centre("R");
        cohort(centre, 60, 23);
        String classes = "SELECT age_at_index, sex, country, index_year, primary_site, centre_id, count(*) AS n FROM %s GROUP BY ALL";
        // without k: the report describes the rows as released
        String plain = export("{\"format\": \"csv\", \"tables\": [\"cases\"], \"purpose\": \"risk check\", \"filters\": {\"centre_id\": \""
                + centre + "\"}}");
        Path dir = unzip(plain);
        JsonNode risk = read(Files.readString(dir.resolve("risk.json")));
        List<Long> sizes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(String.format(classes, reader("csv", dir.resolve("cases.csv"))))) {
            while (rs.next()) {
                sizes.add(rs.getLong("n"));
            }
        }
        long records = sizes.stream().mapToLong(Long::longValue).sum();
        long below = sizes.stream().filter(n -> n < 5).mapToLong(Long::longValue).sum();
        assertEquals(60, records);
        assertEquals(records, risk.path("records").asLong());
        assertEquals(sizes.size(), risk.path("classes").asInt());
        assertEquals(sizes.stream().mapToLong(Long::longValue).min().orElseThrow(), risk.path("smallest_k").asLong());
        assertEquals(below, risk.path("records_below_k").asLong());
        assertEquals((double) sizes.size() / records, risk.path("average_prosecutor_risk").asDouble(), 1e-12);
        assertTrue(below > 0, "exact ages make small classes: the k option has something to do");

        String safe = export("{\"format\": \"csv\", \"tables\": [\"cases\", \"procedures\"], \"k\": 5, \"purpose\": \"k check\", "
                + "\"filters\": {\"centre_id\": \"" + centre + "\"}}");
        Path kdir = unzip(safe);
        JsonNode krisk = read(Files.readString(kdir.resolve("risk.json")));
        long released = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(String.format(classes, reader("csv", kdir.resolve("cases.csv"))))) {
            while (rs.next()) {
                assertTrue(rs.getLong("n") >= 5, "class " + rs.getString(1) + "/" + rs.getString(2) + " has " + rs.getLong("n"));
                released += rs.getLong("n");
            }
        }
        assertTrue(krisk.path("smallest_k").asInt() >= 5);
        assertEquals(0, krisk.path("records_below_k").asInt());
        assertEquals(released, krisk.path("records").asLong());
        assertEquals(60 - released, krisk.path("suppressed_records").asLong());
        JsonNode kbook = read(given().get("/api/v1/exports/" + safe + "/codebook").then().extract().asString());
        assertEquals(60 - released, kbook.path("export").path("suppressed_records").asLong());
        assertTrue(kbook.path("export").path("generalisation_level").asInt() > 0);
        assertFalse(kbook.path("export").path("generalised").isEmpty(), "the codebook says what was generalised");
        // suppressed records leave every table: no procedure of a case that is not in the cases file
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + reader("csv", kdir.resolve("procedures.csv")) + " p WHERE p.case_pseudonym NOT IN "
                        + "(SELECT case_pseudonym FROM " + reader("csv", kdir.resolve("cases.csv")) + ")")) {
            rs.next();
            assertEquals(0, rs.getLong(1));
        }
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void downloadsAreAuditedOthersExportsAreHiddenAndAWithdrawalExpiresTheFile() throws Exception {
        String centre = TestRecords.centre("W");
        List<String> keys = cohort(centre, 6, 5);
        String id = export("{\"format\": \"jsonl\", \"purpose\": \"withdrawal check\", \"filters\": {\"centre_id\": \"" + centre + "\"}}");
        unzip(id);
        given().get("/api/v1/exports/" + id).then().statusCode(200).body("downloads.user", hasItem("analyst"))
                .body("downloads.what", hasItem("file")).body("files.find { it.name == 'cases.jsonl' }.rows", equalTo(6))
                .body("files.find { it.name == 'cases.jsonl' }.sha256", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"))
                .body("purpose", equalTo("withdrawal check")).body("expired", equalTo(false));
        given().get("/api/v1/exports").then().statusCode(200).body("items.id", hasItem(id));
        // someone else's export: 404, and not listed
        UUID other = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            ExportJob j = new ExportJob();
            j.id = other;
            j.requestedBy = "another-analyst";
            j.format = "csv";
            j.status = JobState.COMPLETED;
            j.createdAt = Instant.now();
            j.purpose = "theirs";
            j.fileName = other + ".zip";
            em.persist(j);
        });
        given().get("/api/v1/exports/" + other).then().statusCode(404);
        given().get("/api/v1/exports/" + other + "/file").then().statusCode(404);
        given().get("/api/v1/exports/" + other + "/codebook").then().statusCode(404);
        given().get("/api/v1/exports?size=500").then().body("items.id", org.hamcrest.Matchers.not(hasItem(other.toString())));
        // a withdrawal of a case the file holds: the file expires at once and is deleted
        Path file = Path.of("target/exports", id + ".zip");
        assertTrue(Files.exists(file));
        connector.source("deidentified").send(TestRecords.batch(keys.get(0), null));
        Poll.until("the export expired", () -> given().get("/api/v1/exports/" + id).then().extract().<Boolean>path("expired"), e -> e);
        given().get("/api/v1/exports/" + id + "/file").then().statusCode(410).contentType("application/problem+json");
        Poll.until("the file deleted", () -> Files.exists(file), exists -> !exists);
        // the codebook stays (it holds no rows)
        given().get("/api/v1/exports/" + id + "/codebook").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void badRequestsNameEachFieldAndRule() {
        given().contentType("application/json").body("{\"format\": \"xlsx\", \"tables\": [\"cases\", \"nope\", \"cases\"], \"k\": 1, "
                + "\"filters\": {\"who_grade\": \"G9\", \"colour\": \"red\", \"consent_scope\": \"registry_only\"}, \"extra\": 1}")
                .post("/api/v1/exports").then().statusCode(400).contentType("application/problem+json")
                .body("errors.find { it.pointer == '/format' }.rule", equalTo("enum"))
                .body("errors.find { it.pointer == '/tables/1' }.rule", equalTo("enum"))
                .body("errors.find { it.pointer == '/tables/2' }.rule", equalTo("unique"))
                .body("errors.find { it.pointer == '/k' }.rule", equalTo("range"))
                .body("errors.find { it.pointer == '/filters/who_grade' }.rule", equalTo("enum"))
                .body("errors.find { it.pointer == '/filters/colour' }.rule", equalTo("unknown-field"))
                .body("errors.find { it.pointer == '/filters/consent_scope' }.rule", equalTo("consent"))
                .body("errors.find { it.pointer == '/purpose' }.rule", equalTo("required"))
                .body("errors.find { it.pointer == '/extra' }.rule", equalTo("unknown-field"));
        given().contentType("application/json").body("{\"format\": \"csv\", \"purpose\": \"x\", \"freeze\": \"no-such-freeze\"}")
                .post("/api/v1/exports").then().statusCode(400).body("errors.find { it.pointer == '/purpose' }.rule", equalTo("length"));
        given().contentType("application/json").body("{\"format\": \"csv\", \"purpose\": \"a study\", \"freeze\": \"no-such-freeze\"}")
                .post("/api/v1/exports").then().statusCode(400).body("errors[0].pointer", equalTo("/freeze"));
        given().get("/api/v1/exports/not-a-uuid").then().statusCode(404);
        assertNotNull(ExportTables.current());
    }
}
