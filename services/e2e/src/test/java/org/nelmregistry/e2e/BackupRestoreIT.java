package org.nelmregistry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.ServiceProcess;
import org.nelmregistry.testsupport.TestStack;
import org.nelmregistry.testsupport.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backup and restore of the de-identification side: the database (pg_dump), which carries the
 * key set sealed under the key-encryption key (KEK), restored into a fresh service instance — a
 * second process with a database of its own ({@code deidentification_restore}), its own
 * consumer group and output topic, the same KEK and no key set file. Fed the same events as
 * the running one, it gives the same identities the same patient pseudonym and an existing case
 * the same case pseudonym. Started with another KEK, it refuses to start and creates no keys.
 */
@ExtendWith(RegistryStack.class)
class BackupRestoreIT {

    static final String RESTORE_DB = "deidentification_restore";
    static final int RESTORE_PORT = 18094;
    static final int WRONG_KEK_PORT = 18096;
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRestoredInstanceGivesTheSameIdentitiesTheSamePseudonyms() throws Exception {
        String tag = PlatformIT.tag();
        SampleCases.Identity who = SampleCases.identity(tag);
        ObjectNode body = PlatformIT.sample(who, "registry_only", -18, 344);
        String x = SubmissionIT.create("c001-submitter", body);
        DeidentificationIT.awaitInReporting(x, 1);
        Poll.until("nothing left to relay", () -> PlatformIT.countSql("submission",
                "SELECT count(*) FROM outbox WHERE published_at IS NULL"), n -> n == 0);
        Poll.until("de-identification caught up", Duration.ofSeconds(90), DeidentificationIT::consumerLag, lag -> lag == 0);

        // backup: a dump of the database (the key set is in it, sealed) — no key file
        Path dir = RegistryStack.logDir().resolve("restore-" + tag);
        Files.createDirectories(dir);
        Path noKeyFile = dir.resolve("no-keyset.json");
        Path dump = dir.resolve("deidentification.sql");
        run(List.of("pg_dump", "--no-owner", "--clean", "--if-exists", "-f", dump.toString(),
                "deidentification" + TestStack.E2E_DB_SUFFIX), dir);
        // restore into the fresh instance's own database
        run(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1", "-f", dump.toString(), RESTORE_DB), dir);

        String restoredTopic = "registry.deidentified-cases.restore-" + tag;
        String restoredDeadLetter = "registry.dead-letter.restore-" + tag;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.KAFKA))) {
            admin.createTopics(List.of(new NewTopic(restoredTopic, 3, (short) 1), new NewTopic(restoredDeadLetter, 1, (short) 1)))
                    .all().get();
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", RegistryStack.serviceJdbcUrl(RESTORE_DB));
        config.put("quarkus.datasource.password", TestStack.dbPassword("deidentification"));
        config.put("kafka.bootstrap.servers", TestStack.KAFKA);
        config.put("quarkus.oidc.auth-server-url", TestStack.REALM_URL);
        // the same (development) KEK as the running instance; no key set file to import
        config.put("registry.pseudonym.keystore", noKeyFile.toString());
        config.put("mp.messaging.incoming.caseevents.group.id", "deidentification-restore-" + tag);
        config.put("mp.messaging.outgoing.deidentified.topic", restoredTopic);
        config.put("mp.messaging.outgoing.deadletter.topic", restoredDeadLetter);
        try (ServiceProcess restored = ServiceProcess.start(RegistryStack.root(), "deidentification", RESTORE_PORT, "dev", config,
                dir)) {
            restored.awaitReady(Duration.ofSeconds(120));
            // the same events for both: a revision of the existing case, and the same patient at another centre
            ((ObjectNode) body.get("liver_disease")).put("largest_lesion_mm", 345);
            given().auth().oauth2(Tokens.of("c001-submitter")).contentType("application/json").header("If-Match", "\"1\"")
                    .body(body.toString()).put(RegistryStack.url("submission") + "/api/v1/cases/" + x).then().statusCode(200);
            String y = SubmissionIT.create("c002-submitter", PlatformIT.sample(who, "registry_only", -18, 346));

            String xPseudonym = DeidentificationIT.casePseudonym(x);
            JsonNode xLive = Poll.until("the revision from the running instance", () -> latest(Topics.DEIDENTIFIED_CASES,
                    r -> xPseudonym.equals(r.key())), r -> r.isPresent() && marker(r.get()) == 345).get();
            String yPseudonym = Poll.until("the other centre's case", () -> {
                try {
                    return DeidentificationIT.casePseudonym(y);
                } catch (Exception | AssertionError e) {
                    return null;
                }
            }, p -> p != null);
            JsonNode yLive = Poll.until("the other centre's record from the running instance", () -> latest(Topics.DEIDENTIFIED_CASES,
                    r -> yPseudonym.equals(r.key())), Optional::isPresent).get();

            JsonNode xRestored = Poll.until("the revision from the restored instance", Duration.ofMinutes(3),
                    () -> latest(restoredTopic, r -> r.value() != null && marker(read(r.value())) == 345), Optional::isPresent).get();
            JsonNode yRestored = Poll.until("the other centre's record from the restored instance", Duration.ofMinutes(3),
                    () -> latest(restoredTopic, r -> r.value() != null && marker(read(r.value())) == 346), Optional::isPresent).get();

            assertEquals(xPseudonym, xRestored.path("case_pseudonym").asText(), "the existing case keeps its case pseudonym");
            assertEquals(xLive.path("patient_pseudonym").asText(), xRestored.path("patient_pseudonym").asText());
            assertEquals(xLive.path("key_id").asText(), xRestored.path("key_id").asText());
            assertEquals(xLive.path("patient_pseudonym").asText(), yLive.path("patient_pseudonym").asText(), "one patient, two centres");
            assertEquals(yLive.path("patient_pseudonym").asText(), yRestored.path("patient_pseudonym").asText(),
                    "the restored instance links the new case to the same patient");
            assertTrue(xRestored.path("patient_pseudonym").asText().startsWith("pp_"));
        }
        assertFalse(Files.exists(noKeyFile));

        // the same dump with another KEK: the service stops at start-up, saying why, and writes no key
        long keysBefore = restoredKeyCount();
        byte[] otherKek = new byte[32];
        new SecureRandom().nextBytes(otherKek);
        config.put("registry.pseudonym.kek", "dev-only-" + Base64.getEncoder().encodeToString(otherKek));
        Path wrongDir = dir.resolve("wrong-kek");
        try (ServiceProcess wrong = ServiceProcess.start(RegistryStack.root(), "deidentification", WRONG_KEK_PORT, "dev", config,
                wrongDir)) {
            Poll.until("the instance with another KEK stops", Duration.ofSeconds(120), wrong::alive, alive -> !alive);
            String log = Files.readString(wrong.log());
            assertTrue(log.contains("cannot be decrypted with the configured key-encryption key"), "the reason is logged:\n" + log);
            assertFalse(log.contains(Base64.getEncoder().encodeToString(otherKek)), "never the KEK");
            assertEquals(-1, ServiceProcess.status("http://127.0.0.1:" + WRONG_KEK_PORT + "/q/health/ready"), "nothing serves");
        }
        assertEquals(keysBefore, restoredKeyCount(), "no key created under the other KEK");
        assertTrue(keysBefore >= 1);
    }

    static long restoredKeyCount() throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection(TestStack.jdbcUrl(RESTORE_DB), "deidentification",
                TestStack.dbPassword("deidentification"));
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM pseudonym_keys")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static JsonNode read(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int marker(JsonNode record) {
        return record.path("record").path("liver_disease").path("largest_lesion_mm").asInt(-1);
    }

    /** The last non-tombstone record of a topic that matches. */
    static Optional<JsonNode> latest(String topic, java.util.function.Predicate<ConsumerRecord<String, String>> match) {
        JsonNode last = null;
        for (ConsumerRecord<String, String> r : Probes.readTopic(topic)) {
            if (r.value() != null && match.test(r)) {
                last = read(r.value());
            }
        }
        return Optional.ofNullable(last);
    }

    /** Runs a PostgreSQL client tool as the service's own login role. */
    static void run(List<String> command, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command.get(0) + ".out").toFile());
        pb.environment().put("PGHOST", TestStack.POSTGRES_HOST);
        pb.environment().put("PGPORT", String.valueOf(TestStack.POSTGRES_PORT));
        pb.environment().put("PGUSER", "deidentification");
        pb.environment().put("PGPASSWORD", TestStack.dbPassword("deidentification"));
        Process p = pb.start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), command.get(0) + " did not finish");
        assertEquals(0, p.exitValue(), command.get(0) + " failed: " + Files.readString(dir.resolve(command.get(0) + ".out")));
    }
}
