package org.nelmregistry.reporting.event;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.nelmregistry.reporting.service.AnalyticStore;

import java.util.Locale;

/**
 * Keeps the analytic store in step with the compacted de-identified topic: upsert by case
 * pseudonym (a newer revision wins) with the derived outcomes, delete on a tombstone (from every
 * freeze too). The offset is acknowledged after the transaction commits, so a crash re-delivers and
 * the upsert makes that harmless.
 */
@ApplicationScoped
public class DeidentifiedConsumer {

    @Inject
    AnalyticStore store;
    @Inject
    MeterRegistry metrics;

    @Incoming("deidentified")
    @Blocking
    public void consume(Record<String, String> message) {
        AnalyticStore.Outcome outcome = store.apply(message.key(), message.value());
        metrics.counter("registry.reporting.records", "outcome", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .increment();
    }
}
