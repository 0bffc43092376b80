package org.nelmregistry.reporting.event;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.nelmregistry.reporting.service.AnalyticStore;

import java.util.Locale;

/**
 * Keeps the analytic store in step with the compacted de-identified topic: upsert by case
 * pseudonym (a newer revision wins) with the derived outcomes, delete on a tombstone (from every
 * freeze too). The offset is acknowledged after the transaction commits, so a crash re-delivers and
 * the upsert makes that harmless. A failed transaction (e.g. the database is away) is repeated
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
    public void consume(Record<String, String> message) throws InterruptedException {
        long pause = 200;
        for (int failures = 1; ; failures++) {
            try {
                AnalyticStore.Outcome outcome = store.apply(message.key(), message.value());
                metrics.counter("registry.reporting.records", "outcome",
                        outcome.name().toLowerCase(Locale.ROOT).replace('_', '-')).increment();
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e; // not acknowledged: re-delivered after the restart
                }
                if (failures == 1 || failures % 10 == 0) {
                    // the class only: a message could quote the record
                    LOG.warnf("storing a de-identified record failed (%s), attempt %d; retrying", e.getClass().getSimpleName(),
                            failures);
                }
                metrics.counter("registry.reporting.records.retried").increment();
                Thread.sleep(pause);
                pause = Math.min(pause * 2, MAX_PAUSE_MS);
            }
        }
    }
}
