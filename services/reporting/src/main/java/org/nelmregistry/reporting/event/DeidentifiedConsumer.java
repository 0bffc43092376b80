package org.nelmregistry.reporting.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.reporting.repository.ReportCaseRepository;

/**
 * Keeps the analytic store in step with the compacted de-identified topic: upsert by case
 * pseudonym (a newer revision wins), delete on a tombstone. The offset is acknowledged after
 * the transaction commits, so a crash re-delivers and the upsert makes that harmless.
 */
@ApplicationScoped
public class DeidentifiedConsumer {

    private static final Logger LOG = Logger.getLogger(DeidentifiedConsumer.class);

    @Inject
    ReportCaseRepository cases;
    @Inject
    MeterRegistry metrics;

    @Incoming("deidentified")
    @Blocking
    @Transactional
    public void consume(Record<String, String> message) {
        if (message.value() == null) {
            long deleted = cases.delete("casePseudonym", message.key());
            metrics.counter("registry.reporting.records", "outcome", deleted > 0 ? "deleted" : "tombstone-unknown").increment();
            return;
        }
        CaseDeidentified record;
        try {
            record = EventJson.readDeidentified(message.value());
        } catch (JsonProcessingException e) {
            LOG.warnf("skipped an unreadable de-identified record (%s)", e.getClass().getSimpleName());
            metrics.counter("registry.reporting.records", "outcome", "unreadable").increment();
            return;
        }
        boolean written = cases.upsert(record);
        metrics.counter("registry.reporting.records", "outcome", written ? "stored" : "stale").increment();
    }
}
