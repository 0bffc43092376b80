package org.nelmregistry.deidentification.event;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.deidentification.service.CaseEventBatch;
import org.nelmregistry.deidentification.service.CaseEventBatch.Incoming;
import org.nelmregistry.deidentification.service.CaseEventBatch.Outgoing;
import org.nelmregistry.deidentification.service.CaseEventBatch.Prepared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumes identifiable case events in batches (one poll's records, up to {@code max.poll.records})
 * and publishes de-identified records keyed by case pseudonym. Order of effects makes it safe to
 * crash anywhere: the batch's case pseudonyms, linkage and released records are committed in one
 * transaction ({@link CaseEventBatch}), then every record of the batch is sent and all are awaited
 * together, then the events are written to the ledger, and only then are the offsets
 * acknowledged. A re-delivered event is skipped by the ledger, or (if it crashed before the
 * ledger) re-published identically keyed. A broker or database outage never fails the batch (that
 * would close the consumer for good): each step is repeated until it goes through
 * ({@link EventRetry}); the batches behind it wait. A record that cannot be read or de-identified
 * goes to the dead-letter topic, and the rest of its batch goes on.
 */
@ApplicationScoped
public class CaseEventConsumer {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CaseEventConsumer.class);

    // beyond the producer's max.block.ms + delivery.timeout.ms (application.properties), so a send
    // that timed out here is no longer in flight when it is repeated
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(45);

    // a batch's records are all handed to the producer before any is awaited
    @Inject
    @Channel("deidentified")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, String>> deidentified;
    @Inject
    @Channel("deadletter")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, String>> deadLetter;
    @Inject
    CaseEventBatch batches;
    @Inject
    MeterRegistry metrics;
    @Inject
    EventRetry retry;

    // the relink outbox is read at the first batch, and again after a batch failed part-way (one
    // event per transaction commits some events before the failure)
    private volatile boolean recoverOutbox = true;

    /** A Kafka batch (List payload), or a single record (the in-memory channel of the tests sends either). */
    @org.eclipse.microprofile.reactive.messaging.Incoming("caseevents")
    @Blocking
    @ActivateRequestContext
    public CompletionStage<Void> consume(Message<?> message) {
        List<Incoming> records = records(message);
        Prepared prepared;
        long t0 = System.nanoTime();
        long t1;
        long t2;
        try {
            if (recoverOutbox) {
                retry.untilDone("re-publication of relinked records", this::republishLeftovers);
                recoverOutbox = false;
            }
            prepared = retry.untilDone("batch of " + records.size() + " event(s)", () -> {
                try {
                    return batches.prepare(records);
                } catch (RuntimeException e) {
                    recoverOutbox = true;
                    throw e;
                }
            });
            t1 = System.nanoTime();
            retry.untilDone("send of " + prepared.outgoing().size() + " record(s)", () -> sendAll(prepared.outgoing()));
            t2 = System.nanoTime();
            retry.untilDone("ledger of " + prepared.ledger().size() + " event(s)", () -> batches.complete(prepared));
        } catch (RuntimeException e) {
            // only while shutting down: not acknowledged, the batch is re-delivered after the restart
            return message.nack(e);
        }
        LOG.debugf("batch of %d: prepared %.1f ms, sent %.1f ms, ledger %.1f ms", records.size(), (t1 - t0) / 1e6,
                (t2 - t1) / 1e6, (System.nanoTime() - t2) / 1e6);
        CaseEventBatch.Counts c = prepared.counts();
        count("processed", c.processed());
        count("duplicate", c.duplicate());
        count("withdrawn", c.withdrawn());
        count("dead-lettered", c.deadLettered());
        count("relinked", c.relinked());
        return message.ack();
    }

    /**
     * Sends again the records a merge re-published in a batch that was committed but never
     * acknowledged (a crash in between), then clears them. Another instance's batch still in
     * flight may be among them: its records then go out twice, identically.
     */
    public int republishLeftovers() {
        CaseEventBatch.Leftovers leftovers = batches.leftovers();
        if (leftovers.batchIds().isEmpty()) {
            return 0;
        }
        sendAll(leftovers.outgoing());
        batches.republished(leftovers);
        LOG.infof("re-published %d relinked record(s) left by an unacknowledged batch", leftovers.outgoing().size());
        count("relinked", leftovers.outgoing().size());
        return leftovers.outgoing().size();
    }

    @SuppressWarnings("unchecked")
    static List<Incoming> records(Message<?> message) {
        List<Incoming> out = new ArrayList<>();
        Optional<IncomingKafkaRecordBatchMetadata> batch = message.getMetadata(IncomingKafkaRecordBatchMetadata.class);
        if (batch.isPresent()) {
            for (ConsumerRecord<?, ?> r : (Iterable<ConsumerRecord<?, ?>>) batch.get().getRecords()) {
                out.add(new Incoming(r.value() == null ? null : r.value().toString(), r.topic(), r.partition(), r.offset()));
            }
        } else if (message.getPayload() instanceof List<?> payloads) {
            payloads.forEach(p -> out.add(new Incoming(p == null ? null : p.toString(), Topics.CASE_EVENTS, -1, -1L)));
        } else {
            Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
            Object p = message.getPayload();
            out.add(new Incoming(p == null ? null : p.toString(), meta.map(IncomingKafkaRecordMetadata::getTopic).orElse(Topics.CASE_EVENTS),
                    meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1),
                    meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L)));
        }
        return out;
    }

    /**
     * Hands every record to the producer in order (the same key keeps its order on its
     * partition), then waits until the broker has acknowledged them all. When any fails, the
     * whole list is sent again in order: a re-sent copy is identical (same key and value), and a
     * later revision is never overtaken by an earlier one.
     */
    private void sendAll(List<Outgoing> records) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
        for (Outgoing o : records) {
            MutinyEmitter<Record<String, String>> emitter = o.channel() == CaseEventBatch.Channel.DEAD_LETTER ? deadLetter : deidentified;
            acks.add(emitter.sendMessage(Message.of(Record.of(o.key(), o.value()))).subscribeAsCompletionStage());
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a send to " + Topics.DEIDENTIFIED_CASES + " or " + Topics.DEAD_LETTER + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge the batch in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void count(String outcome, int n) {
        if (n > 0) {
            metrics.counter("registry.deidentification.events", "outcome", outcome).increment(n);
        }
    }
}
