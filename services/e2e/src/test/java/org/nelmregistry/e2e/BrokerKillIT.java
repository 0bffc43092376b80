package org.nelmregistry.e2e;

import org.junit.jupiter.api.Test;
import org.nelmregistry.testsupport.FaultStack;
import org.nelmregistry.testsupport.KafkaProcess;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.ServiceProcess;
import org.nelmregistry.testsupport.TestStack;
import org.nelmregistry.testsupport.Tokens;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker dies with kill -9 while the pipeline is busy and comes back on the same port and
 * data; no service is restarted. Every case accepted before, during and after the outage reaches
 * reporting exactly once, and every service is ready again by itself.
 * <p>
 * Runs its own broker (port 19292) and its own submission, de-identification and reporting
 * (18191-18193, databases {@code <service>_recovery}) through {@link FaultStack}: the shared test
 * broker is never touched.
 * De-identification's producer is given a 5 s delivery timeout so that an outage of a few seconds
 * already makes its in-flight sends fail, the case that used to close its consumer for good.
 */
class BrokerKillIT {

    static final int KAFKA_PORT = 19292;
    static final Map<String, Integer> PORTS = Map.of("submission", 18191, "deidentification", 18192, "reporting", 18193);
    static final String DB_SUFFIX = "_recovery";

    @Test
    void everyAcceptedCaseReachesReportingOnceAndEveryServiceRecoversAfterTheBrokerIsKilled() throws Exception {
        // an outage longer than the delivery timeout: de-identification's in-flight sends fail
        Map<String, String> deidentification = Map.of(
                "mp.messaging.outgoing.deidentified.delivery.timeout.ms", "5000",
                "mp.messaging.outgoing.deidentified.request.timeout.ms", "2000",
                "mp.messaging.outgoing.deidentified.max.block.ms", "2000");
        FaultStack.Options options = new FaultStack.Options(RegistryStack.root(),
                RegistryStack.root().resolve("services/e2e/target/broker-kill"), KAFKA_PORT, PORTS.get("submission"), 1, 3,
                DB_SUFFIX, Map.of("deidentification", deidentification));
        try (FaultStack stack = FaultStack.start(options)) {
            KafkaProcess broker = stack.broker();
            List<ServiceProcess> services = stack.services();
            String submission = services.get(0).baseUrl();
            String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            String token = Tokens.of("c001-submitter");
            Instant started = Instant.now();

            // 1. four clients submit faster than de-identification keeps up; the broker is killed
            // once de-identification is busy, so it has events in hand and sends in flight
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        ids.add(submit(submission, token, "k" + run + "a" + client + "n" + i));
                    }
                }));
            }
            Poll.until("de-identification busy with the first cases", Duration.ofSeconds(60),
                    () -> processedSince(started), n -> n >= 20);
            broker.kill();
            long processedAtKill = processedSince(started);
            for (Future<?> f : running) {
                f.get();
            }
            clients.shutdown();

            // 2. with the broker dead: submissions are still accepted (outbox), and de-identification's
            // in-flight sends fail (past the delivery timeout)
            for (int i = 0; i < 20; i++) {
                ids.add(submit(submission, token, "k" + run + "b" + i));
            }
            Poll.until("a failed send in de-identification while the broker is dead", Duration.ofSeconds(60),
                    () -> metric(services.get(1).baseUrl(), "kafka_producer_record_error_total"), n -> n > 0);

            // 3. the broker comes back on its port and data; no service is restarted
            broker.start();
            for (int i = 0; i < 20; i++) {
                ids.add(submit(submission, token, "k" + run + "c" + i));
            }
            assertEquals(280, ids.size());

            Poll.until("every accepted case de-identified", Duration.ofSeconds(120), () -> casePseudonyms(ids).size(),
                    n -> n == ids.size());
            Map<String, String> pseudonyms = casePseudonyms(ids);
            Poll.until("every accepted case in reporting", Duration.ofSeconds(60),
                    () -> inReporting(pseudonyms.values()), n -> n == ids.size());
            assertEquals(ids.size(), inReporting(pseudonyms.values()), "each case once in reporting");
            assertEquals(ids.size(), countWhere("deidentification",
                    "SELECT count(*) FROM processed_events WHERE outcome = 'published' AND case_id = ANY (?::uuid[])", ids),
                    "one processed event per case in the ledger");
            for (ServiceProcess s : services) {
                assertTrue(s.alive(), s.name() + " still the same process");
                Poll.until(s.name() + " ready again without a restart", Duration.ofSeconds(60),
                        () -> ServiceProcess.status(s.baseUrl() + "/q/health/ready"), st -> st == 200);
            }
            System.out.printf("BrokerKillIT: %d cases; %d de-identified when the broker was killed; all in reporting once%n",
                    ids.size(), processedAtKill);
        }
    }

    static String submit(String baseUrl, String token, String tag) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(SampleCases.valid(SampleCases.identity(tag), "registry_only").toString())
                .post(baseUrl + "/api/v1/cases").then().statusCode(201).extract().path("id");
    }

    static Connection db(String service) throws SQLException {
        return DriverManager.getConnection(TestStack.jdbcUrl(service + DB_SUFFIX), service, TestStack.dbPassword(service));
    }

    static long processedSince(Instant since) {
        try (Connection c = db("deidentification");
                var ps = c.prepareStatement("SELECT count(*) FROM processed_events WHERE processed_at >= ?")) {
            ps.setObject(1, java.sql.Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long countWhere(String service, String sql, List<String> values) throws SQLException {
        try (Connection c = db(service); var ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", values.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Case id → case pseudonym, for the cases de-identification has seen. */
    static Map<String, String> casePseudonyms(List<String> ids) {
        Map<String, String> out = new HashMap<>();
        try (Connection c = db("deidentification");
                var ps = c.prepareStatement("SELECT case_id::text, case_pseudonym FROM case_pseudonyms WHERE case_id = ANY (?::uuid[])")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static long inReporting(java.util.Collection<String> casePseudonyms) {
        try {
            return countWhere("reporting", "SELECT count(*) FROM case_records WHERE revision = 1 AND case_pseudonym = ANY (?)",
                    new ArrayList<>(casePseudonyms));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of a metric's series in a service's Prometheus output (0 when absent). */
    static double metric(String baseUrl, String name) {
        String text = given().get(baseUrl + "/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
