package org.nelmregistry.submission.event;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Relays outbox rows to Kafka in id order, in batches: every row of a batch is sent, the sends are
 * awaited together, and a row is marked published only after the broker acknowledged it
 * (acks=all, idempotent producer); if the broker is down the rows wait and go out when it returns.
 * <p>
 * Prompt: a transaction that wrote outbox rows wakes the relay when it commits
 * ({@link CaseEventOutbox}), so an event leaves within milliseconds instead of at the next poll;
 * a slow safety poll ({@code registry.outbox.interval}) still picks up anything no commit here
 * announced (rows of another instance that died, rows left while the broker was away).
 * Several instances may relay at once: a batch's rows are locked ({@code FOR UPDATE SKIP LOCKED})
 * until they are marked, so no row is published by two relays.
 * <p>
 * Broker away: after a batch that was not fully acknowledged the relay probes with one event per
 * round, and never sends rows again while copies of them may still be queued in the producer; full
 * batches resume with the first acknowledged probe.
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
    @ConfigProperty(name = "registry.outbox.interval")
    Duration safetyInterval;
    // after reactive messaging has wired the channels
    @ConfigProperty(name = "registry.outbox.delay", defaultValue = "3s")
    Duration startDelay;
    // off: the relay only polls (the behaviour before the wake-up; kept to compare the two)
    @ConfigProperty(name = "registry.outbox.wake-on-commit", defaultValue = "true")
    boolean wakeOnCommit;

    private final Semaphore wake = new Semaphore(0);
    // false after a batch was not fully acknowledged: the next batch is a single event, a probe,
    // so that an absent broker does not get hundreds of copies queued in the producer
    private volatile boolean brokerAnswering = true;
    // sends of a batch whose wait ran out; no new batch while they are unsettled (their rows would
    // be sent again while the first copies are still queued)
    private volatile List<CompletableFuture<Boolean>> unsettled = List.of();
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent e) {
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        wake.release();
    }

    /** A transaction with outbox rows has committed: relay now. Cheap and non-blocking. */
    public void wake() {
        if (wakeOnCommit && wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void loop() {
        try {
            wake.tryAcquire(startDelay.toMillis(), TimeUnit.MILLISECONDS);
            while (running) {
                wake.drainPermits();
                relayAll();
                wake.tryAcquire(safetyInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Relays batches until the outbox has nothing unpublished (or a batch was not fully acknowledged). */
    void relayAll() {
        try {
            while (running && relayBatch() > 0) {
                // more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay paused: %s (events stay in the outbox and are retried)", e.getClass().getSimpleName());
        }
    }

    /** Sends one batch; returns how many rows were published (-1 when some were not acknowledged). */
    @Transactional
    public int relayBatch() {
        if (unsettled.stream().anyMatch(f -> !f.isDone())) {
            return -1;
        }
        List<OutboxEvent> rows = outbox.lockUnpublished(brokerAnswering ? batchSize : 1);
        if (rows.isEmpty()) {
            return 0;
        }
        // started with this transaction suspended: the sends' callbacks run on producer threads and must
        // not carry it along (Narayana refuses to commit a transaction other threads are still in)
        List<CompletableFuture<Boolean>> sends = QuarkusTransaction.suspendingExisting().call(() -> {
            List<CompletableFuture<Boolean>> started = new ArrayList<>(rows.size());
            for (OutboxEvent row : rows) {
                Message<String> m = Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(row.eventKey).withTopic(row.topic).build());
                started.add(emitter.sendMessage(m).replaceWith(true).onFailure().recoverWithItem(false)
                        .subscribeAsCompletionStage());
            }
            return started;
        });
        // all sends of the batch at once, awaited together; normally settled within the producer's
        // max.block.ms + delivery timeout. Only acknowledged rows are marked, the others are sent again
        // later (consumers are idempotent).
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            unsettled = sends;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Instant now = Instant.now();
        List<Long> published = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (Boolean.TRUE.equals(sends.get(i).getNow(false))) {
                published.add(rows.get(i).id);
            }
        }
        brokerAnswering = published.size() == rows.size();
        // one statement for the batch (not one dirty-entity update per row)
        outbox.markPublished(published, now);
        if (published.size() < rows.size()) {
            LOG.warnf("%d of %d events not acknowledged by the broker; they stay in the outbox", rows.size() - published.size(),
                    rows.size());
            return -1; // stop this round; the acknowledged rows are committed
        }
        return published.size();
    }
}
