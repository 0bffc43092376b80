package org.nelmregistry.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The submit path against a stand-in for Keycloak's token endpoint and the import API, which
 * keeps what each centre's token uploaded: every centre's cases go with its own user's token,
 * unknown users are skipped or stop the run, and a second run of the same seed changes nothing.
 */
class SubmitterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> REALM_USERS = Set.of("c001-submitter", "c002-submitter");

    HttpServer server;
    String base;
    /** local_ref -> (centre, body) as the fake import stored it; upserts by local_ref like the real one. */
    final Map<String, String> stored = new ConcurrentHashMap<>();
    final Map<String, String> centreOfRef = new ConcurrentHashMap<>();
    final Map<String, JsonNode> jobs = new ConcurrentHashMap<>();
    final AtomicInteger polls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/realms/registry/protocol/openid-connect/token", this::token);
        server.createContext("/api/v1/imports", this::imports);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    void token(HttpExchange x) throws IOException {
        String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String user = form.replaceAll(".*username=([^&]*).*", "$1");
        boolean ok = REALM_USERS.contains(user) && form.contains("password=" + user) && form.contains("client_id=registry-cli");
        send(x, ok ? 200 : 401, ok ? "{\"access_token\":\"tok-" + user + "\",\"expires_in\":300}" : "{\"error\":\"invalid_grant\"}");
    }

    void imports(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String centre = auth.replace("Bearer tok-c", "C").replace("-submitter", "");
        if (x.getRequestMethod().equals("POST")) {
            JsonNode cases = JSON.readTree(x.getRequestBody());
            int created = 0;
            int unchanged = 0;
            for (JsonNode c : cases) {
                String ref = c.path("patient").path("local_ref").asText();
                String before = stored.put(ref, c.toString());
                centreOfRef.put(ref, centre);
                if (before == null) {
                    created++;
                } else {
                    unchanged += before.equals(c.toString()) ? 1 : 0;
                }
            }
            String id = "job" + jobs.size();
            jobs.put(id, JSON.readTree("{\"id\":\"" + id + "\",\"status\":\"running\",\"summary\":{\"created\":" + created
                    + ",\"unchanged\":" + unchanged + ",\"rejected\":0}}"));
            send(x, 202, jobs.get(id).toString());
        } else {
            String id = x.getRequestURI().getPath().replace("/api/v1/imports/", "");
            // the first poll sees the job still running, as a large import would be
            com.fasterxml.jackson.databind.node.ObjectNode j = (com.fasterxml.jackson.databind.node.ObjectNode) jobs.get(id);
            if (polls.incrementAndGet() % 2 == 0) {
                j.put("status", "completed");
            }
            send(x, 200, j.toString());
        }
    }

    static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Test
    void eachCentreSubmitsItsOwnCasesWithItsOwnTokenAndARerunCreatesNothing() throws Exception {
        List<GeneratedCase> cohort = CohortGenerator.generate(1500, 2, 77);
        Submitter s = new Submitter(base + "/realms/registry", base, "c%03d-submitter", new PrintStream(new ByteArrayOutputStream()));
        Submitter.Result first = s.submit(cohort, false);
        assertFalse(first.failed());
        assertEquals(1500, first.counts().get("created"));
        for (GeneratedCase c : cohort) {
            assertEquals(c.centreId(), centreOfRef.get(c.localRef()), "submitted with its own centre's token");
        }
        // C001 has more than one batch of 1,000
        assertTrue(jobs.size() >= 3, "jobs " + jobs.size());
        Submitter.Result again = new Submitter(base + "/realms/registry", base, "c%03d-submitter",
                new PrintStream(new ByteArrayOutputStream())).submit(CohortGenerator.generate(1500, 2, 77), false);
        assertEquals(0, again.counts().get("created"));
        assertEquals(1500, again.counts().get("unchanged"));
        assertEquals(1500, stored.size());
    }

    @Test
    void centresWithoutARealmUserAreSkippedOrStopTheRun() throws Exception {
        List<GeneratedCase> cohort = CohortGenerator.generate(300, 4, 5);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertThrows(IllegalStateException.class,
                () -> new Submitter(base + "/realms/registry", base, "c%03d-submitter", quiet).submit(cohort, false));
        assertTrue(stored.isEmpty(), "nothing is sent before every centre has a user");
        Submitter.Result r = new Submitter(base + "/realms/registry", base, "c%03d-submitter", quiet).submit(cohort, true);
        assertEquals(List.of("C003", "C004"), r.skippedCentres());
        long expected = cohort.stream().filter(c -> c.centreId().equals("C001") || c.centreId().equals("C002")).count();
        assertEquals(expected, stored.size());
    }
}
