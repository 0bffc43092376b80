package org.nelmregistry.deidentification.event;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.generator.CohortGenerator;
import org.nelmregistry.generator.GeneratedCase;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.TestStack;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The consumer's ingest rate through the real broker: N generated cases (default 2,000 — the full replay is `./registry bench ingest` —,
 * {@code -Dingest.cases=N}) go onto a topic of this test's own, and the time from the consumer's
 * first processed event to its last is printed. Asserts only that every event was processed
 * once and published once; no timing threshold.
 */
@QuarkusTest
@TestProfile(IngestRateTest.RealKafka.class)
class IngestRateTest {

    public static class RealKafka implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaIngestResource.class));
        }
    }

    static final int CASES = Integer.getInteger("ingest.cases", 2_000);

    @Inject
    DataSource db;

    @Test
    void ingestsGeneratedCasesFromTheBrokerAndPrintsTheRate() throws Exception {
        List<GeneratedCase> cohort = CohortGenerator.generate(CASES, 25, 2026);
        long produced = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.KAFKA, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262144), new StringSerializer(), new StringSerializer())) {
            for (GeneratedCase c : cohort) {
                UUID caseId = UUID.randomUUID();
                producer.send(new ProducerRecord<>(KafkaIngestResource.IN, caseId.toString(), EventJson.write(
                        new CaseSubmitted(UUID.randomUUID(), caseId, c.centreId(), 1, Instant.now(), 1, c.body()))));
            }
        }
        System.out.printf("[ingest] %d events produced in %.1f s%n", CASES, (System.nanoTime() - produced) / 1e9);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        // [0] time, [1] count, [2] process CPU: at the first processed event, and once a quarter is
        // done (the rest is the rate of a warmed-up JVM, closer to a long replay's)
        long[] first = new long[3];
        long[] quarter = new long[3];
        long done = Poll.until("every event processed", Duration.ofMinutes(30), () -> {
            long n = processed();
            if (n > 0 && first[0] == 0) {
                first[0] = System.nanoTime();
                first[1] = n;
                first[2] = os.getProcessCpuTime();
            }
            if (n >= CASES / 4 && quarter[0] == 0) {
                quarter[0] = System.nanoTime();
                quarter[1] = n;
                quarter[2] = os.getProcessCpuTime();
            }
            return n;
        }, n -> n >= CASES);
        long end = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        System.out.printf("[ingest] de-identification, %d events: %s; after the first quarter: %s; machine load average %.1f%n",
                CASES, rate(done - first[1], end - first[0], cpu - first[2]), rate(done - quarter[1], end - quarter[0], cpu - quarter[2]),
                os.getSystemLoadAverage());
        assertEquals(CASES, done, "each event once in the ledger");
        assertEquals(CASES, published(), "each event published once");
    }

    /** Events/s, and the service's own CPU per event (this JVM: what a machine shared with other work does not inflate). */
    static String rate(long events, long nanos, long cpuNanos) {
        double seconds = nanos / 1e9;
        double cpuMs = cpuNanos / 1e6 / Math.max(events, 1);
        return String.format("%d in %.1f s = %.0f events/s, service CPU %.3f ms/event", events, seconds, events / Math.max(seconds, 0.001),
                cpuMs);
    }

    long processed() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM processed_events")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records on the output topic (end offsets: each event published once, none twice). */
    long published() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.KAFKA), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = List.of(0, 1, 2).stream().map(p -> new TopicPartition(KafkaIngestResource.OUT, p)).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
