package org.nelmregistry.deidentification.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.CaseEvent;
import org.nelmregistry.contracts.event.CaseRevised;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.CaseWithdrawn;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.deidentification.repository.CasePseudonymRepository;
import org.nelmregistry.deidentification.repository.ProcessedEventRepository;
import org.nelmregistry.deidentification.service.Deidentifier;
import org.nelmregistry.deidentification.service.PatientLinkage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Consumes identifiable case events and publishes de-identified records keyed by case
 * pseudonym. Order of effects makes it safe to crash anywhere: the case pseudonym is committed
 * first, then the record is published and acknowledged by the broker, then the event is written
 * to the ledger, and only then is the Kafka offset acknowledged. A re-delivered event is
 * skipped by the ledger, or (if it crashed before the ledger) re-published identically.
 * A broker or database outage never fails the message (that would close the consumer for good):
 * a send is repeated until the broker acknowledges it, a failed database step re-runs the event
 * the same way a re-delivery would ({@link EventRetry}); the events behind it wait.
 */
@ApplicationScoped
public class CaseEventConsumer {

    private static final Logger LOG = Logger.getLogger(CaseEventConsumer.class);
    // beyond the producer's max.block.ms + delivery.timeout.ms (application.properties), so a send
    // that timed out here is no longer in flight when it is repeated
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(45);

    @Inject
    @Channel("deidentified")
    MutinyEmitter<Record<String, String>> deidentified;
    @Inject
    @Channel("deadletter")
    MutinyEmitter<Record<String, String>> deadLetter;
    @Inject
    CasePseudonymRepository pseudonyms;
    @Inject
    ProcessedEventRepository ledger;
    @Inject
    Deidentifier deidentifier;
    @Inject
    PatientLinkage linkage;
    @Inject
    org.nelmregistry.deidentification.repository.ReleasedRecordRepository released;
    @Inject
    MeterRegistry metrics;
    @Inject
    EventRetry retry;

    @Incoming("caseevents")
    @Blocking
    @ActivateRequestContext
    public CompletionStage<Void> consume(Message<String> message) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        CaseEvent event;
        try {
            event = EventJson.readCaseEvent(message.getPayload());
        } catch (JsonProcessingException | RuntimeException e) {
            // never log or forward the payload: it carries identities
            return deadLettered(message, meta, null, "unreadable event (" + e.getClass().getSimpleName() + ")");
        }
        try {
            retry.untilDone("event " + event.eventId(), () -> handle(event));
            metrics.counter("registry.deidentification.events", "outcome", "processed").increment();
            return message.ack();
        } catch (Deidentifier.Unprocessable e) {
            return deadLettered(message, meta, event.eventId(), e.getMessage());
        }
    }

    void handle(CaseEvent event) {
        if (ledger.seen(event.eventId())) {
            metrics.counter("registry.deidentification.events", "outcome", "duplicate").increment();
            return;
        }
        if (!(event instanceof CaseWithdrawn) && pseudonyms.isWithdrawn(event.caseId())) {
            // withdrawal is final: a late or replayed copy of the content is not published again
            metrics.counter("registry.deidentification.events", "outcome", "withdrawn").increment();
            ledger.record(event.eventId(), event.caseId(), event.revision(), "withdrawn");
            return;
        }
        if (event instanceof CaseSubmitted s) {
            publish(s.caseId(), s.centreId(), s.revision(), s.formVersion(), s.caseData());
        } else if (event instanceof CaseRevised r) {
            publish(r.caseId(), r.centreId(), r.revision(), r.formVersion(), r.caseData());
        } else if (event instanceof CaseWithdrawn w) {
            // the tombstone: the compacted topic and reporting forget the case; this service
            // forgets its released record and its contribution to the linkage index
            pseudonyms.find(w.caseId()).ifPresent(p -> {
                send(deidentified, p, null);
                released.withdrawn(p);
                linkage.withdraw(p);
                pseudonyms.markWithdrawn(w.caseId());
            });
        }
        ledger.record(event.eventId(), event.caseId(), event.revision(), "published");
    }

    private void publish(UUID caseId, String centreId, int revision, int formVersion,
            com.fasterxml.jackson.databind.node.ObjectNode caseData) {
        if (caseData == null || !caseData.path("patient").isObject()) {
            throw new Deidentifier.Unprocessable("case body missing");
        }
        String casePseudonym = pseudonyms.getOrAssign(caseId);
        PatientLinkage.Resolution patient = linkage.resolve(caseData.path("patient"), casePseudonym);
        CaseDeidentified record = deidentifier.deidentify(casePseudonym, patient.pseudonym(), centreId, revision, formVersion,
                caseData);
        send(deidentified, casePseudonym, EventJson.write(record));
        released.released(record);
        patient.mergedAway().ifPresent(old -> republish(old, patient.pseudonym()));
    }

    /** Two patients were found to be one: their earlier records come again under the surviving pseudonym. */
    private void republish(String oldPseudonym, String newPseudonym) {
        for (CaseDeidentified r : released.byPatient(oldPseudonym)) {
            CaseDeidentified again = new CaseDeidentified(UUID.randomUUID(), r.casePseudonym(), newPseudonym, r.centreId(),
                    r.revision(), java.time.Instant.now(), r.formVersion(), r.policyVersion(), r.keyId(), r.indexYear(),
                    r.indexProcedureType(), r.ageAtIndex(), r.record());
            send(deidentified, again.casePseudonym(), EventJson.write(again));
            released.released(again);
            metrics.counter("registry.deidentification.events", "outcome", "relinked").increment();
        }
    }

    /** Returns once the broker has acknowledged the record; a re-sent copy is identical (same key and value). */
    private void send(MutinyEmitter<Record<String, String>> emitter, String key, String value) {
        retry.untilDone("send to " + (emitter == deadLetter ? Topics.DEAD_LETTER : Topics.DEIDENTIFIED_CASES),
                () -> emitter.sendMessage(Message.of(Record.of(key, value))).await().atMost(SEND_TIMEOUT));
    }

    /** Reports the event on the dead-letter topic (metadata only) and moves on. */
    private CompletionStage<Void> deadLettered(Message<String> message, Optional<IncomingKafkaRecordMetadata> meta,
            UUID eventId, String reason) {
        Map<String, Object> dl = new LinkedHashMap<>();
        dl.put("source_topic", meta.map(IncomingKafkaRecordMetadata::getTopic).orElse(Topics.CASE_EVENTS));
        dl.put("partition", meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1));
        dl.put("offset", meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L));
        dl.put("event_id", eventId == null ? null : eventId.toString());
        dl.put("reason", reason);
        dl.put("consumer", "deidentification");
        LOG.warnf("event sent to %s: partition %s offset %s event %s: %s", Topics.DEAD_LETTER, dl.get("partition"),
                dl.get("offset"), dl.get("event_id"), reason);
        try {
            send(deadLetter, eventId == null ? null : eventId.toString(), EventJson.write(dl));
        } catch (RuntimeException e) {
            // only while shutting down: not acknowledged, the event is re-delivered after the restart
            return message.nack(e);
        }
        metrics.counter("registry.deidentification.events", "outcome", "dead-lettered").increment();
        return message.ack();
    }
}
