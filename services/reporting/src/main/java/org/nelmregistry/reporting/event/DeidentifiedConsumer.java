package org.nelmregistry.reporting.event;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.nelmregistry.reporting.service.AnalyticStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps the analytic store in step with the compacted de-identified topic: upsert by case
 * pseudonym (a newer revision wins) with the derived outcomes, delete on a tombstone (from every
 * freeze too). Records arrive in batches (one poll) and each batch is applied in one transaction;
 * its offsets are acknowledged after that commits, so a crash re-delivers the batch and the upsert
 * makes that harmless. A failed transaction (e.g. the database is away) is repeated
 * until it goes through, the records behind it waiting: letting it fail would close the consumer
 * for good (the connector's {@code fail} strategy), skipping it would lose the record.
 */
@ApplicationScoped
public class DeidentifiedConsumer {

    private static final Logger LOG = Logger.getLogger(DeidentifiedConsumer.class);
    private static final long MAX_PAUSE_MS = 10_000;

    @Inject
    AnalyticStore store;
    @Inject
    MeterRegistry metrics;

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent e) {
        stopping = true;
    }

    @Incoming("deidentified")
    @Blocking
    public void consume(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<AnalyticStore.Change> changes = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, String> r : batch) {
            changes.add(new AnalyticStore.Change(r.key(), r.value()));
        }
        long pause = 200;
        for (int failures = 1; ; failures++) {
            try {
                for (AnalyticStore.Outcome outcome : store.applyAll(changes)) {
                    metrics.counter("registry.reporting.records", "outcome",
                            outcome.name().toLowerCase(Locale.ROOT).replace('_', '-')).increment();
                }
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e; // not acknowledged: re-delivered after the restart
                }
                if (failures == 1 || failures % 10 == 0) {
                    // the class only: a message could quote the record
                    LOG.warnf("storing a batch of %d de-identified records failed (%s), attempt %d; retrying", changes.size(),
                            e.getClass().getSimpleName(), failures);
                }
                metrics.counter("registry.reporting.records.retried").increment();
                Thread.sleep(pause);
                pause = Math.min(pause * 2, MAX_PAUSE_MS);
            }
        }
    }
}
