package org.nelmregistry.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nelmregistry.generator.CohortGenerator;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lag section's client against a stub submission endpoint: the fixed pace, and what counts as a sent case. */
class LagClientTest {

    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    volatile int status = 201;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/v1/cases", ex -> {
            requests.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            byte[] body = ("{\"id\":\"" + UUID.randomUUID() + "\",\"revision\":1}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    LagBench.Client client() {
        List<SubmissionBench.Body> bodies = CohortGenerator.generate(20, 5, 2026).stream().map(SubmissionBench.Body::of).toList();
        LagBench.Client c = new LagBench.Client(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort(),
                bodies, "t");
        c.tokens = Map.of();
        return c;
    }

    @Test
    void pacedSendsOneCasePerSlotAndNoSlotEarly() throws Exception {
        LagBench.Client c = client();
        LagBench.Client.Pace pace = c.paced("half", 40, 2, 4);
        // 40/s for 2 s: slots 0..79, each sent once, none before its time
        assertEquals(80, pace.sent());
        assertEquals(80, c.sent.size());
        long first = c.sent.stream().mapToLong(LagBench.Sent::sentMs).min().orElseThrow();
        long last = c.sent.stream().mapToLong(LagBench.Sent::sentMs).max().orElseThrow();
        assertTrue(last - first >= 79 * 25 - 30, "the last slot is 1975 ms after the first, sent after " + (last - first) + " ms");
        assertEquals(80, new HashSet<>(c.sent.stream().map(LagBench.Sent::caseId).toList()).size(), "case ids from the 201s");
        assertTrue(c.sent.stream().allMatch(s -> s.phase().equals("half") && s.ackMs() >= s.sentMs()));
    }

    @Test
    void onlyAcceptedSubmissionsAreMeasured() throws Exception {
        LagBench.Client c = client();
        status = 422;
        assertEquals(0, c.closedLoop("max", 4, 10, Long.MAX_VALUE));
        assertEquals(10, requests.get());
        assertEquals(0, c.sent.size());
        assertEquals(10, c.failed.sum());
        status = 201;
        assertEquals(5, c.closedLoop("max", 2, 5, Long.MAX_VALUE));
        assertEquals(5, c.sent.size());
    }

    @Test
    void statsAreNearestRankOverTheMeasuredCases() {
        LagBench.Stats s = LagBench.Stats.of(java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList());
        assertEquals(100, s.n());
        assertEquals(50, s.p50());
        assertEquals(90, s.p90());
        assertEquals(99, s.p99());
        assertEquals(100, s.max());
        assertTrue(!LagBench.Stats.of(List.of()).present(), "no case, no figure");
    }
}
