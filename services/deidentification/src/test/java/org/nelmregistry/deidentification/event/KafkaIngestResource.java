package org.nelmregistry.deidentification.event;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.nelmregistry.testsupport.TestStack;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Points the consumer and both producers at topics of their own on the test stack's real
 * broker (three partitions, like the registry's topics), so the ingest rate is measured through
 * Kafka without touching the registry's topics or any other test's.
 */
public class KafkaIngestResource implements QuarkusTestResourceLifecycleManager {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String IN = "bench.deid.case-events." + RUN;
    static final String OUT = "bench.deid.deidentified." + RUN;
    static final String DEAD = "bench.deid.dead-letter." + RUN;

    @Override
    public Map<String, String> start() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.KAFKA))) {
            admin.createTopics(List.of(new NewTopic(IN, 3, (short) 1), new NewTopic(OUT, 3, (short) 1),
                    new NewTopic(DEAD, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test topics on " + TestStack.KAFKA, e);
        }
        return Map.ofEntries(Map.entry("kafka.bootstrap.servers", TestStack.KAFKA),
                Map.entry("mp.messaging.incoming.caseevents.connector", "smallrye-kafka"),
                Map.entry("mp.messaging.incoming.caseevents.topic", IN),
                Map.entry("mp.messaging.incoming.caseevents.group.id", "deid-bench-" + RUN),
                Map.entry("mp.messaging.outgoing.deidentified.connector", "smallrye-kafka"),
                Map.entry("mp.messaging.outgoing.deidentified.topic", OUT),
                Map.entry("mp.messaging.outgoing.deadletter.connector", "smallrye-kafka"),
                Map.entry("mp.messaging.outgoing.deadletter.topic", DEAD));
    }

    @Override
    public void stop() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.KAFKA))) {
            admin.deleteTopics(List.of(IN, OUT, DEAD)).all().get();
        } catch (Exception e) {
            // the topics are uniquely named: one left behind harms nothing
        }
    }
}
