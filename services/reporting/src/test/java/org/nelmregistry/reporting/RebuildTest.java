package org.nelmregistry.reporting;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.nelmregistry.reporting.repository.AnalyticRepository;
import org.nelmregistry.reporting.service.RebuildService;
import org.nelmregistry.testsupport.Poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The rebuild reads a compacted de-identified topic from the beginning on the test broker
 * (127.0.0.1:19092; a topic of its own per run) and leaves the store, and so the reports, byte for
 * byte as the topic implies: tampered rows re-derived, cases the topic no longer holds dropped.
 */
@QuarkusTest
class RebuildTest {

    static final String BROKER = "127.0.0.1:19092";
    static final String[] REPORTS = {
        "/api/v1/reports/summary?by=index_year,who_grade",
        "/api/v1/reports/outcomes?indicator=death_90d",
        "/api/v1/reports/survival?endpoint=os",
        "/api/v1/reports/completeness"};

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    AnalyticRepository analytic;
    @Inject
    RebuildService rebuilds;
    @Inject
    org.nelmregistry.common.job.JobRunner runner;
    @Inject
    EntityManager em;

    int stored(String centre) {
        return QuarkusTransaction.requiringNew().call(() -> analytic.find(null, AnalyticRepository.Filter.NONE.withCentre(centre), false)).size();
    }

    List<String> reports(String centre) {
        List<String> out = new ArrayList<>();
        for (String r : REPORTS) {
            out.add(given().get(r + (r.contains("?") ? "&" : "?") + "centre_id=" + centre).then().statusCode(200).extract().asString());
        }
        return out;
    }

    String awaitJob(String id, String status) {
        return Poll.until("rebuild " + status, () -> given().get("/api/v1/admin/rebuild/" + id).then().statusCode(200)
                .extract().<String>path("status"), s -> s.equals(status) || s.equals("failed") || s.equals("completed"));
    }

    @Test
    @TestSecurity(user = "analyst", roles = {"analyst", "registry-admin"}, augmentors = PermissionGrants.class)
    void aRebuildFromTheTopicGivesByteIdenticalReports() throws Exception {
        String centre = TestRecords.centre("R");
        String topic = "reporting-test.rebuild." + UUID.randomUUID();
        List<String[]> messages = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            TestRecords r = new TestRecords().grade(i % 2 == 0 ? "G1" : "G3").resection();
            if (i % 3 == 0) {
                r.recurrence(150 + i).dead(300 + i);
            } else {
                r.alive(100 * i);
            }
            messages.add(new String[] {centre + "-" + i, r.json(centre + "-" + i, centre, 1, 2018 + i % 4)});
        }
        // a withdrawn case: its record, then its tombstone
        messages.add(new String[] {centre + "-wd", new TestRecords().resection().alive(99).json(centre + "-wd", centre, 1, 2019)});
        messages.add(new String[] {centre + "-wd", null});
        for (String[] m : messages) {
            connector.source("deidentified").send(TestRecords.batch(m[0], m[1]));
        }
        Poll.until("7 live cases", () -> stored(centre), n -> n == 7);
        List<String> expected = reports(centre);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String[] m : messages) {
                producer.send(new ProducerRecord<>(topic, m[0], m[1])).get();
            }
        }

        // the store drifts from the topic: a tampered derived row, and a case the topic does not hold
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE analytic_cases SET death_90d = NULL, os_days = 1, os_event = 0 WHERE case_pseudonym = :cp")
                .setParameter("cp", centre + "-0").executeUpdate());
        connector.source("deidentified").send(TestRecords.batch(centre + "-gone",
                new TestRecords().resection().alive(500).json(centre + "-gone", centre, 1, 2020)));
        Poll.until("8 live cases", () -> stored(centre), n -> n == 8);
        assertNotEquals(expected, reports(centre));

        String id = rebuilds.start("analyst", topic).id.toString();
        try {
            assertEquals("completed", awaitJob(id, "completed"));
        } finally {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER))) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
        given().get("/api/v1/admin/rebuild/" + id).then().body("done", equalTo(messages.size()))
                .body("total", equalTo(messages.size())).body("requested_by", equalTo("analyst"))
                .body("finished_at", notNullValue());
        assertEquals(7, stored(centre));
        assertEquals(expected, reports(centre));
    }

    @Test
    @TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
    void theRebuildEndpointRunsAJobAndRefusesAMissingTopic() {
        // the test profile points the endpoint at a topic that does not exist: the job fails, the store stays
        String id = given().post("/api/v1/admin/rebuild").then().statusCode(202)
                .header("Location", matchesPattern(".*/api/v1/admin/rebuild/[0-9a-f-]{36}"))
                .body("status", equalTo("queued")).body("done", equalTo(0)).body("total", equalTo(0))
                .extract().path("id");
        Poll.until("the job ends", Duration.ofSeconds(90), () -> given().get("/api/v1/admin/rebuild/" + id).then()
                .extract().<String>path("status"), s -> s.equals("failed") || s.equals("completed"));
        given().get("/api/v1/admin/rebuild/" + id).then().body("status", equalTo("failed")).body("error", notNullValue());
        given().get("/api/v1/admin/rebuild/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aRebuildLeftRunningByACrashIsFailedAtStartUpWithTheReason() {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            RebuildJob j = new RebuildJob();
            j.id = id;
            j.requestedBy = "registry-admin";
            j.status = org.nelmregistry.common.job.JobState.RUNNING;
            j.createdAt = java.time.Instant.now();
            em.persist(j);
        });
        // its instance crashed: no heartbeat for ten minutes
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE rebuild_jobs SET owner = 'crashed/1', heartbeat_at = now() - interval '10 minutes' WHERE id = :id")
                .setParameter("id", id).executeUpdate());
        // what a restart does: the start-up observer runs before any request is served
        runner.recover(); // JobRunner's start-up observer runs exactly this
        RebuildJob after = QuarkusTransaction.requiringNew().call(() -> em.find(RebuildJob.class, id));
        assertEquals("failed", after.status.wire());
        assertEquals(org.nelmregistry.common.job.JobRunner.INTERRUPTED, after.error);
        assertNotEquals(null, after.finishedAt);
    }

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void onlyRegistryAdminsRebuild() {
        given().post("/api/v1/admin/rebuild").then().statusCode(403);
    }
}
