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
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
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
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024) // above the batch size
    MutinyEmitter<String> emitter;

    @Inject
    OutboxRepository outbox;

    @ConfigProperty(name = "registry.outbox.batch-size", defaultValue = "200")
    int batchSize;

    @Scheduled(every = "${registry.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${registry.outbox.delay:3s}") // after reactive messaging has wired the channels
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
        List<Uni<Boolean>> sends = new ArrayList<>(rows.size());
        for (OutboxEvent row : rows) {
            Message<String> m = Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(row.eventKey).withTopic(row.topic).build());
            sends.add(emitter.sendMessage(m).replaceWith(true).onFailure().recoverWithItem(false));
        }
        // longer than the producer's delivery timeout, so nothing is still in flight when this returns;
        // only acknowledged rows are marked, the others are retried (consumers are idempotent)
        List<Boolean> acked = Uni.join().all(sends).andCollectFailures().await().atMost(Duration.ofSeconds(40));
        Instant now = Instant.now();
        int published = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (acked.get(i)) {
                rows.get(i).publishedAt = now;
                published++;
            }
        }
        if (published < rows.size()) {
            LOG.warnf("%d of %d events not acknowledged by the broker; they stay in the outbox", rows.size() - published, rows.size());
            return -1; // stop this round; the acknowledged rows are committed
        }
        return published;
    }
}
