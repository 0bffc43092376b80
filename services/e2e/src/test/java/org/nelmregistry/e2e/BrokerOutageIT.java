package org.nelmregistry.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.testsupport.KafkaProcess;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.ServiceProcess;
import org.nelmregistry.testsupport.TestStack;
import org.nelmregistry.testsupport.Tokens;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With its broker stopped, a submission service still takes 100 cases; when the broker is
 * back, the outbox publishes all 100 events, each exactly once. Uses a broker, a database
 * ({@code submission_outage}) and a submission process of its own.
 */
class BrokerOutageIT {

    static final int PORT = 18091;

    @Test
    void submissionsSucceedWhileTheBrokerIsDownAndAreRelayedOnceWhenItReturns() throws Exception {
        java.nio.file.Path dir = RegistryStack.root().resolve("services/e2e/target/outage-kafka");
        // a broker of this run's own: start from empty data
        if (java.nio.file.Files.exists(dir)) {
            try (var walk = java.nio.file.Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (KafkaProcess broker = new KafkaProcess(RegistryStack.root(), dir, 19192, 19193)) {
            broker.start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic(Topics.CASE_EVENTS, 3, (short) 1))).all().get();
            }
            Map<String, String> config = Map.of(
                    "quarkus.datasource.jdbc.url", TestStack.jdbcUrl("submission_outage"),
                    "quarkus.datasource.password", TestStack.dbPassword("submission"),
                    "kafka.bootstrap.servers", broker.bootstrap(),
                    "quarkus.oidc.auth-server-url", TestStack.REALM_URL);
            try (ServiceProcess submission = ServiceProcess.start(RegistryStack.root(), "submission", PORT, "dev", config,
                    RegistryStack.logDir().resolve("outage"))) {
                submission.awaitReady(Duration.ofSeconds(120));
                broker.stop();

                List<String> ids = new ArrayList<>();
                String run = PlatformIT.tag().substring(0, 6);
                String token = Tokens.of("c001-submitter");
                for (int i = 0; i < 100; i++) {
                    ids.add(given().auth().oauth2(token).contentType("application/json")
                            .body(SampleCases.valid(SampleCases.identity("o" + i + run), "registry_only").toString())
                            .post(submission.baseUrl() + "/api/v1/cases").then().statusCode(201).extract().path("id"));
                }
                assertEquals(100, unpublished(), "all 100 events wait in the outbox");

                broker.start();
                Poll.until("the outbox drained", Duration.ofSeconds(180), BrokerOutageIT::unpublished, n -> n == 0);
                List<String> keys = readAll(broker.bootstrap());
                Set<String> mine = new HashSet<>(ids);
                List<String> published = keys.stream().filter(mine::contains).toList();
                assertEquals(100, published.size(), "each event published exactly once");
                assertEquals(mine, new HashSet<>(published));
            }
        }
    }

    static long unpublished() {
        try (Connection c = DriverManager.getConnection(TestStack.jdbcUrl("submission_outage"), "submission",
                TestStack.dbPassword("submission")); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> readAll(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(Topics.CASE_EVENTS, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(Topics.CASE_EVENTS, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }
}
