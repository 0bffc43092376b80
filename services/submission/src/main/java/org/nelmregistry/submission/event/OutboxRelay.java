package org.nelmregistry.submission.event;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.nelmregistry.submission.OutboxEvent;
import org.nelmregistry.submission.repository.OutboxRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays outbox rows to Kafka in id order. A row is marked published only after the broker
 * acknowledged it (acks=all, idempotent producer); if the broker is down the rows wait and
 * go out when it returns. Rows are locked (SKIP LOCKED) so two instances never send the same.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    @Channel("caseevents")
    MutinyEmitter<String> emitter;

    @Inject
    OutboxRepository outbox;

    @ConfigProperty(name = "registry.outbox.batch-size", defaultValue = "200")
    int batchSize;

    @Scheduled(every = "${registry.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    void tick() {
        try {
            while (relayBatch() == batchSize) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay paused: %s (events stay in the outbox and are retried)", e.getClass().getSimpleName());
        }
    }

    /** Sends one batch; returns how many rows were published. */
    @Transactional
    public int relayBatch() {
        List<OutboxEvent> rows = outbox.lockUnpublished(batchSize);
        if (rows.isEmpty()) {
            return 0;
        }
        List<Uni<Void>> sends = new ArrayList<>(rows.size());
        for (OutboxEvent row : rows) {
            Message<String> m = Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(row.eventKey).withTopic(row.topic).build());
            sends.add(emitter.sendMessage(m));
        }
        // longer than the producer's delivery timeout, so nothing is still in flight when this gives up
        Uni.join().all(sends).andFailFast().await().atMost(Duration.ofSeconds(40));
        Instant now = Instant.now();
        rows.forEach(r -> r.publishedAt = now);
        return rows.size();
    }
}
