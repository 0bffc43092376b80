package org.nelmregistry.e2e;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.Tokens;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every endpoint of the three services (as each one's {@code /q/openapi} lists them) called
 * by every development user and without a token, with real Keycloak tokens; the resource of
 * a centre-scoped endpoint belongs to centre C001, so {@code c001-*} call their own centre's
 * and {@code c002-submitter} another centre's. An endpoint without a row, or a row without
 * an endpoint, fails the test. The test then rewrites the table in {@code docs/security.md}
 * from these expectations (between its matrix markers), so the document shows what is
 * tested; commit the file when it changes.
 *
 * <p>Adding an endpoint is one line: {@code row(SERVICE, "METHOD", "/path/{id}", FIXTURE, "9 statuses")},
 * statuses in the order of {@link #CALLERS}; the fixture is {@code NONE}, {@code json("{...}")}
 * for a body, or {@code idFrom(SERVICE, "/start/path", "user", body)} for the id a POST row
 * above started. Allowed calls are real calls with valid input (fresh resources where a call
 * changes them), so their status is the success status.
 */
@ExtendWith(RegistryStack.class)
class AuthorizationMatrixIT {

    static final String NO_TOKEN = "(no token)";
    /** The table's columns: no token, then the realm's users (README). */
    static final List<String> CALLERS = List.of(NO_TOKEN, "c001-submitter", "c001-lead", "c002-submitter",
            "unassigned-submitter", "data-manager", "steering", "analyst", "registry-admin");
    static final String SUB = "submission";
    static final String DEID = "deidentification";
    static final String REP = "reporting";

    /** What one call carries: path parameters, body, headers. */
    record Req(Map<String, String> path, String contentType, String body, Map<String, String> headers) {
        static Req none() {
            return new Req(Map.of(), null, null, Map.of());
        }

        static Req id(String id) {
            return new Req(Map.of("id", id), null, null, Map.of());
        }

        Req json(String json) {
            return new Req(path, "application/json", json, headers);
        }

        Req header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Req(path, contentType, body, h);
        }
    }

    /** Prepares the call of one caller (the caller's name is given; most fixtures ignore it). */
    interface Fixture extends Function<String, Req> {
    }

    record Row(String service, String method, String path, Fixture fixture, List<Integer> expected) {
        String key() {
            return service + " " + method + " " + path;
        }
    }

    static Row row(String service, String method, String path, Fixture fixture, String statuses) {
        List<Integer> expected = java.util.Arrays.stream(statuses.trim().split("\\s+")).map(Integer::valueOf).toList();
        if (expected.size() != CALLERS.size()) {
            throw new IllegalArgumentException(path + ": " + CALLERS.size() + " statuses expected");
        }
        return new Row(service, method, path, fixture, expected);
    }

    // ---- fixtures: resources of centre C001 (own for c001-*, another centre's for c002-submitter)
    static final Map<String, String> SHARED = new ConcurrentHashMap<>();
    /** The id answered by the last 2xx call of each row (a job status row reads its start row's job). */
    static final Map<String, String> STARTED = new ConcurrentHashMap<>();

    static String shared(String name, Supplier<String> make) {
        return SHARED.computeIfAbsent(name, k -> make.get());
    }

    static ObjectNode newCase() {
        // index year 2004 (-20) belongs to this test; marker 240 finds its cases downstream
        return PlatformIT.sample(SampleCases.identity(PlatformIT.tag()), "registry_only", -20, 240);
    }

    static String createCase() {
        return SubmissionIT.create("c001-submitter", newCase());
    }

    static String raiseQuery(String caseId) {
        return SubmissionIT.as("data-manager").contentType("application/json")
                .body("{\"pointer\":\"/procedures/0/margin\",\"question\":\"Is the margin confirmed by pathology?\"}")
                .post("/api/v1/cases/" + caseId + "/queries").then().statusCode(201).extract().path("id");
    }

    static String started(String rowKey, Supplier<String> make) {
        return STARTED.getOrDefault(rowKey, shared(rowKey, make));
    }

    /** A query string (without "?"), the same for every caller. */
    static Fixture query(String q) {
        return c -> new Req(Map.of("?", q), null, null, Map.of());
    }

    /** A JSON body, the same for every caller. */
    static Fixture json(String body) {
        return c -> Req.none().json(body);
    }

    /**
     * The id of the job (or resource) that the row {@code POST path} of {@code service} started
     * earlier in {@link #ROWS}; if it started none, {@code user} posts {@code body} (null: none) once.
     */
    static Fixture idFrom(String service, String path, String user, String body) {
        return c -> Req.id(started(service + " POST " + path, () -> {
            RequestSpecification spec = given().auth().oauth2(Tokens.of(user));
            if (body != null) {
                spec = spec.contentType("application/json").body(body);
            }
            Response r = spec.post(RegistryStack.url(service) + path);
            assertEquals(2, r.statusCode() / 100, "starting " + path + " as " + user + ": " + r.statusCode());
            return r.jsonPath().getString("id");
        }));
    }

    static final Fixture NONE = c -> Req.none();
    static final Fixture NEW_CASE = c -> Req.none().json(newCase().toString());
    static final Fixture C001_CASE = c -> Req.id(shared("case", AuthorizationMatrixIT::createCase));
    static final Fixture FRESH_C001_CASE = c -> Req.id(createCase());
    static final Fixture REVISION = c -> {
        ObjectNode body = newCase();
        String id = SubmissionIT.create("c001-submitter", body);
        ((ObjectNode) body.get("liver_disease")).put("lesion_count", 5);
        return Req.id(id).json(body.toString()).header("If-Match", "\"1\"");
    };
    static final Fixture FOLLOW_UP = c -> Req.id(createCase())
            .json("{\"visit_date\":\"2005-03-01\",\"vital_status\":\"alive\",\"recurrence\":\"none\"}");
    static final Fixture RAISE_QUERY = c -> Req.id(shared("case", AuthorizationMatrixIT::createCase))
            .json("{\"pointer\":\"/procedures/0/margin\",\"question\":\"Is the margin confirmed by pathology?\"}");
    static final Fixture ANSWER = c -> Req.id(raiseQuery(shared("case", AuthorizationMatrixIT::createCase)))
            .json("{\"answer\":\"Confirmed by the pathology report.\"}");
    static final Fixture CLOSE = c -> {
        String q = raiseQuery(shared("case", AuthorizationMatrixIT::createCase));
        SubmissionIT.as("c001-submitter").contentType("application/json").body("{\"answer\":\"Confirmed.\"}")
                .post("/api/v1/queries/" + q + "/answer").then().statusCode(200);
        return Req.id(q);
    };
    static final Fixture NEW_IMPORT = c -> Req.none().json("[" + newCase() + "]");
    static final Fixture C001_IMPORT = c -> Req.id(shared("import", () -> SubmissionIT.as("c001-submitter")
            .contentType("application/json").body("[" + newCase() + "]").post("/api/v1/imports")
            .then().statusCode(202).extract().path("id")));
    static final Fixture RISK = json("{\"quasi_identifiers\":[\"sex\",\"country\"],\"k\":5}");
    static final Fixture REPLAY_JOB = idFrom(SUB, "/api/v1/admin/replay", "registry-admin", null);
    static final Fixture EXPORT = json("{\"format\":\"csv\",\"tables\":[\"cases\"],\"purpose\":\"authorization matrix\"}");
    static final Fixture EXPORT_JOB = idFrom(REP, "/api/v1/exports", "analyst",
            "{\"format\":\"csv\",\"tables\":[\"cases\"],\"purpose\":\"authorization matrix\"}");
    static final Fixture NEW_FREEZE = c -> Req.none().json("{\"name\":\"matrix-" + PlatformIT.tag() + "\"}");
    static final Fixture EXPORT_FILE = c -> {
        Req r = EXPORT_JOB.apply(c);
        Poll.until("the export", () -> given().auth().oauth2(Tokens.of("analyst"))
                .get(RegistryStack.url(REP) + "/api/v1/exports/" + r.path().get("id")).then().extract().<String>path("status"),
                "completed"::equals);
        return r;
    };

    /**
     * The expectations. Columns: no token, c001-submitter, c001-lead, c002-submitter (another
     * centre), unassigned-submitter, data-manager, steering, analyst, registry-admin.
     * Key rotation runs before the replay, so the replay leaves every record under the new key.
     */
    static final List<Row> ROWS = List.of(
            //  service  method  path                                  fixture          -  s1  l1  s2  un  dm  st  an  ad
            row(DEID, "GET",  "/api/v1/policy",                        NONE,            "401 403 403 403 403 200 200 200 200"),
            row(DEID, "POST", "/api/v1/risk",                          RISK,            "401 403 403 403 403 200 403 200 200"),
            row(DEID, "GET",  "/api/v1/keys",                          NONE,            "401 403 403 403 403 403 403 403 200"),
            row(DEID, "POST", "/api/v1/keys",                          NONE,            "401 403 403 403 403 403 403 403 201"),
            row(SUB,  "GET",  "/api/v1/dictionary",                    NONE,            "200 200 200 200 200 200 200 200 200"),
            row(SUB,  "GET",  "/api/v1/dictionary/schema",             NONE,            "200 200 200 200 200 200 200 200 200"),
            row(SUB,  "POST", "/api/v1/cases",                         NEW_CASE,        "401 201 201 201 403 403 403 403 403"),
            row(SUB,  "GET",  "/api/v1/cases",                         NONE,            "401 200 200 200 403 200 403 403 403"),
            row(SUB,  "GET",  "/api/v1/cases/{id}",                    C001_CASE,       "401 200 200 404 403 200 403 403 403"),
            row(SUB,  "PUT",  "/api/v1/cases/{id}",                    REVISION,        "401 200 200 404 403 403 403 403 403"),
            row(SUB,  "GET",  "/api/v1/cases/{id}/history",            C001_CASE,       "401 200 200 404 403 200 403 403 403"),
            row(SUB,  "POST", "/api/v1/cases/{id}/follow-ups",         FOLLOW_UP,       "401 200 200 404 403 403 403 403 403"),
            row(SUB,  "POST", "/api/v1/cases/{id}/withdrawal",         FRESH_C001_CASE, "401 200 200 404 403 403 403 403 403"),
            row(SUB,  "POST", "/api/v1/cases/{id}/queries",            RAISE_QUERY,     "401 403 403 403 403 201 403 403 403"),
            row(SUB,  "GET",  "/api/v1/queries",                       NONE,            "401 200 200 200 403 200 403 403 403"),
            row(SUB,  "POST", "/api/v1/queries/{id}/answer",           ANSWER,          "401 200 200 404 403 403 403 403 403"),
            row(SUB,  "POST", "/api/v1/queries/{id}/close",            CLOSE,           "401 403 403 403 403 200 403 403 403"),
            row(SUB,  "POST", "/api/v1/imports",                       NEW_IMPORT,      "401 202 202 202 403 403 403 403 403"),
            row(SUB,  "GET",  "/api/v1/imports/{id}",                  C001_IMPORT,     "401 200 200 404 403 403 403 403 403"),
            row(SUB,  "GET",  "/api/v1/quality/completeness",          NONE,            "401 200 200 200 403 200 403 403 200"),
            row(SUB,  "GET",  "/api/v1/audit",                         NONE,            "401 403 403 403 403 403 403 403 200"),
            row(SUB,  "POST", "/api/v1/admin/replay",                  NONE,            "401 403 403 403 403 403 403 403 202"),
            row(SUB,  "GET",  "/api/v1/admin/replay/{id}",             REPLAY_JOB,      "401 403 403 403 403 403 403 403 200"),
            row(REP,  "GET",  "/api/v1/dashboard/config",              NONE,            "200 200 200 200 200 200 200 200 200"),
            row(REP,  "GET",  "/api/v1/reports/summary",               NONE,            "401 403 200 403 403 200 200 200 200"),
            row(REP,  "POST", "/api/v1/exports",                       EXPORT,          "401 403 403 403 403 403 403 202 403"),
            row(REP,  "GET",  "/api/v1/exports",                       NONE,            "401 403 403 403 403 403 403 200 200"),
            row(REP,  "GET",  "/api/v1/exports/{id}",                  EXPORT_JOB,      "401 403 403 403 403 403 403 200 200"),
            row(REP,  "GET",  "/api/v1/exports/{id}/file",             EXPORT_FILE,     "401 403 403 403 403 403 403 200 403"),
            row(REP,  "GET",  "/api/v1/exports/{id}/codebook",         EXPORT_FILE,     "401 403 403 403 403 403 403 200 200"),
            row(REP,  "GET",  "/api/v1/reports/outcomes",              query("indicator=r0_resection"),            "401 403 200 403 403 200 200 200 200"),
            row(REP,  "GET",  "/api/v1/reports/funnel",                query("indicator=r0_resection"),            "401 403 200 403 403 200 200 200 200"),
            row(REP,  "GET",  "/api/v1/reports/completeness",          NONE,            "401 403 200 403 403 200 200 200 200"),
            row(REP,  "GET",  "/api/v1/reports/my-centre",             NONE,            "401 403 200 403 403 403 403 403 403"),
            row(REP,  "GET",  "/api/v1/reports/audit",                 NONE,            "401 403 403 403 403 403 403 403 200"),
            row(REP,  "POST", "/api/v1/freezes",                       NEW_FREEZE,      "401 403 403 403 403 201 403 403 201"),
            row(REP,  "GET",  "/api/v1/freezes",                       NONE,            "401 403 200 403 403 200 200 200 200"),
            row(REP,  "GET",  "/api/v1/freezes/{id}",                  idFrom(REP, "/api/v1/freezes", "data-manager",
                    "{\"name\":\"matrix-" + PlatformIT.tag() + "\"}"),                 "401 403 200 403 403 200 200 200 200"),
            row(REP, "POST", "/api/v1/admin/rebuild", NONE, "401 403 403 403 403 403 403 403 202"),
            row(REP, "GET", "/api/v1/admin/rebuild/{id}", idFrom(REP, "/api/v1/admin/rebuild", "registry-admin", null), "401 403 403 403 403 403 403 403 200"),
            row(REP,  "GET",  "/api/v1/reports/survival",              NONE,            "401 403 200 403 403 200 200 200 200"));

    /** METHOD path of every operation in a service's OpenAPI document. */
    static Set<String> operations(String service) {
        Map<String, Map<String, Object>> paths = given().accept("application/json")
                .get(RegistryStack.url(service) + "/q/openapi?format=json").then().statusCode(200).extract().path("paths");
        Set<String> out = new TreeSet<>();
        paths.forEach((path, ops) -> ops.keySet().stream()
                .filter(m -> Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(m))
                .forEach(m -> out.add(service + " " + m.toUpperCase() + " " + path)));
        return out;
    }

    static Response call(Row row, String caller) {
        Req r = row.fixture().apply(caller);
        RequestSpecification spec = given().redirects().follow(false);
        if (!caller.equals(NO_TOKEN)) {
            spec = spec.auth().oauth2(Tokens.of(caller));
        }
        String path = row.path();
        for (var p : r.path().entrySet()) {
            path = p.getKey().equals("?") ? path : path.replace("{" + p.getKey() + "}", p.getValue());
        }
        if (r.path().containsKey("?")) {
            path += "?" + r.path().get("?");
        }
        if (r.body() != null) {
            spec = spec.contentType(r.contentType()).body(r.body().getBytes(StandardCharsets.UTF_8));
        }
        for (var h : r.headers().entrySet()) {
            spec = spec.header(h.getKey(), h.getValue());
        }
        return spec.request(row.method(), RegistryStack.url(row.service()) + path);
    }

    @Test
    void everyEndpointGivesEachCallerTheExpectedStatus() throws Exception {
        List<String> failures = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        for (String service : List.of(SUB, DEID, REP)) {
            listed.addAll(operations(service));
        }
        Set<String> rows = new TreeSet<>();
        ROWS.forEach(r -> rows.add(r.key()));
        for (String op : listed) {
            if (!rows.contains(op)) {
                failures.add("no expectations for " + op + ": add a row");
            }
        }
        for (String row : rows) {
            if (!listed.contains(row)) {
                failures.add("a row for " + row + ", which the service does not serve");
            }
        }

        for (Row row : ROWS) {
            if (!listed.contains(row.key())) {
                continue;
            }
            for (int i = 0; i < CALLERS.size(); i++) {
                String caller = CALLERS.get(i);
                Response res;
                try {
                    res = call(row, caller);
                } catch (RuntimeException | AssertionError e) {
                    failures.add(row.key() + " as " + caller + ": the fixture failed: " + e.getMessage());
                    continue;
                }
                int want = row.expected().get(i);
                if (res.statusCode() != want) {
                    failures.add(row.key() + " as " + caller + ": " + res.statusCode() + ", expected " + want);
                } else if (want >= 400 && want != 401 && !res.contentType().startsWith("application/problem+json")) {
                    failures.add(row.key() + " as " + caller + ": " + want + " without a problem+json body");
                }
                if (res.statusCode() / 100 == 2 && res.contentType().startsWith("application/json")
                        && res.jsonPath().get("id") instanceof String id) {
                    STARTED.put(row.key(), id);
                }
            }
        }
        writeDocument();
        settleAfterRotationAndReplay();
        assertTrue(failures.isEmpty(), failures.size() + " cell(s) differ:\n" + String.join("\n", failures));
    }

    /**
     * The rotation, replay and rebuild above re-key every record and refill reporting: wait until
     * they are done, so later tests see a quiet stack.
     */
    static void settleAfterRotationAndReplay() {
        for (String[] job : new String[][] {{SUB, "/api/v1/admin/replay"}, {REP, "/api/v1/admin/rebuild"}}) {
            String id = STARTED.get(job[0] + " POST " + job[1]);
            if (id != null) {
                Poll.until("the matrix's " + job[1], Duration.ofMinutes(5), () -> given().auth().oauth2(Tokens.of("registry-admin"))
                        .get(RegistryStack.url(job[0]) + job[1] + "/" + id).then().extract().<String>path("status"),
                        "completed"::equals);
            }
        }
        Poll.until("de-identification and reporting caught up", Duration.ofMinutes(5),
                () -> Probes.lag("deidentification", Topics.CASE_EVENTS) + Probes.lag("reporting", Topics.DEIDENTIFIED_CASES),
                lag -> lag == 0);
    }

    static final String BEGIN = "<!-- authorization matrix: generated by services/e2e AuthorizationMatrixIT; do not edit by hand -->";
    static final String END = "<!-- end of authorization matrix -->";

    /** Rewrites the table between the markers of docs/security.md from {@link #ROWS}. */
    static void writeDocument() throws Exception {
        Path doc = RegistryStack.root().resolve("docs/security.md");
        String text = Files.readString(doc);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, "docs/security.md has the matrix markers");
        StringBuilder t = new StringBuilder(BEGIN).append("\n\n");
        String service = null;
        for (Row row : ROWS) {
            if (!row.service().equals(service)) {
                service = row.service();
                t.append(t.length() > BEGIN.length() + 2 ? "\n" : "").append("**").append(service).append("** (port ")
                        .append(RegistryStack.PORTS.get(service) - 10000).append(")\n\n");
                t.append("| endpoint |");
                CALLERS.forEach(c -> t.append(' ').append(c.equals("c002-submitter") ? "c002-submitter (other centre)" : c).append(" |"));
                t.append("\n|---|");
                CALLERS.forEach(c -> t.append("---|"));
                t.append('\n');
            }
            t.append("| `").append(row.method()).append(' ').append(row.path()).append("` |");
            row.expected().forEach(s -> t.append(' ').append(s).append(" |"));
            t.append('\n');
        }
        t.append('\n').append(END);
        String updated = text.substring(0, b) + t + text.substring(e + END.length());
        if (!updated.equals(text)) {
            Files.writeString(doc, updated);
        }
        assertEquals(updated, Files.readString(doc));
    }
}
