package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.CaseEvent;
import org.nelmregistry.contracts.event.CaseRevised;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.CaseWithdrawn;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.deidentification.repository.CasePseudonymRepository;
import org.nelmregistry.deidentification.repository.CasePseudonymRepository.CaseState;
import org.nelmregistry.deidentification.repository.ProcessedEventRepository;
import org.nelmregistry.deidentification.repository.RelinkOutboxRepository;
import org.nelmregistry.deidentification.repository.ReleasedRecordRepository;
import org.nelmregistry.deidentification.repository.ReleasedRecordRepository.Released;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * De-identifies a batch of case events in one transaction: one ledger query, one case-pseudonym
 * read (and one insert for new cases), the linkage index read and written once
 * ({@link PatientLinkage.Batch}), the released records written in one statement. Each event keeps
 * its own outcome exactly as when events were handled one at a time, in order: a duplicate is
 * skipped, content of a withdrawn case is not published, a record that cannot be de-identified
 * goes to the dead-letter topic (before anything of it is written) and the others go on, a merge
 * of two patients re-publishes the earlier records.
 *
 * <p>What is published is returned, not sent: the caller sends it after the commit (so every case
 * pseudonym in it is durable) and writes the ledger ({@link #complete}) only once the broker has
 * acknowledged it all. A crash in between re-delivers the events, which are not in the ledger,
 * so they are published again, identically keyed.
 */
@ApplicationScoped
public class CaseEventBatch {

    private static final Logger LOG = Logger.getLogger(CaseEventBatch.class);
    /** Immediate re-runs of a batch that lost a linkage race before the caller's paced retry takes over. */
    private static final int CONFLICT_ATTEMPTS = 5;
    private static final String PENDING = "pp_pending";

    /** One incoming record: its value and where it was read from. */
    public record Incoming(String value, String topic, int partition, long offset) {
    }

    public enum Channel {
        DEIDENTIFIED, DEAD_LETTER
    }

    /** A record to publish; a null value is a tombstone. */
    public record Outgoing(Channel channel, String key, String value) {
    }

    /** How the batch's events ended, for the metrics ({@code processed}: every event not dead-lettered, as before batches). */
    public record Counts(int processed, int duplicate, int withdrawn, int deadLettered, int relinked) {
    }

    /**
     * What to send, then what to write to the ledger once it is acknowledged; {@code batchId}
     * names the batch's rows in the relink outbox (deleted with the ledger write).
     */
    public record Prepared(List<Outgoing> outgoing, List<ProcessedEventRepository.Entry> ledger, Counts counts, UUID batchId) {
    }

    /** Re-publications a crash left in the relink outbox: to send, then to clear. */
    public record Leftovers(List<Outgoing> outgoing, Set<UUID> batchIds) {
    }

    @Inject
    CasePseudonymRepository pseudonyms;
    @Inject
    ProcessedEventRepository ledger;
    @Inject
    ReleasedRecordRepository released;
    @Inject
    Deidentifier deidentifier;
    @Inject
    PatientLinkage linkage;
    @Inject
    RelinkOutboxRepository outbox;

    /**
     * Runs the batch in a transaction of its own and commits it; a batch that lost a linkage race
     * (or a deadlock) to a concurrent one is run again at once, then sees the other's links.
     */
    public Prepared prepare(List<Incoming> batch) {
        UUID batchId = UUID.randomUUID();
        try {
            return run(batch, batchId);
        } catch (RuntimeException e) {
            String state = dataError(e);
            if (state == null) {
                throw e; // an outage or a lost race: the caller repeats the batch
            }
            if (batch.size() == 1) {
                return refused(batch.get(0), batchId, state);
            }
            // the database refused some record's data: that fails again however often the batch is
            // repeated, so each event gets a transaction of its own and only the refused one is dead-lettered
            LOG.warnf("batch of %d event(s) refused by the database (SQLSTATE %s): run again one event per transaction",
                    batch.size(), state);
            List<Prepared> parts = new ArrayList<>(batch.size());
            for (Incoming in : batch) {
                parts.add(prepareOne(in, batchId));
            }
            return merged(parts, batchId);
        }
    }

    private Prepared prepareOne(Incoming in, UUID batchId) {
        try {
            return run(List.of(in), batchId);
        } catch (RuntimeException e) {
            String state = dataError(e);
            if (state == null) {
                throw e;
            }
            return refused(in, batchId, state);
        }
    }

    /** A record the database refused: dead-lettered like one that cannot be de-identified (nothing of it was written). */
    private Prepared refused(Incoming in, UUID batchId, String sqlState) {
        Object event = read(in);
        if (event instanceof CaseWithdrawn) {
            // a withdrawal is never dead-lettered: that would leave the case published; the batch is
            // repeated (and readiness turns DOWN) until it goes through
            throw new IllegalStateException("a withdrawal was refused by the database (SQLSTATE " + sqlState + "); retried");
        }
        Run run = new Run();
        run.deadLetter(in, event instanceof CaseEvent e ? e.eventId() : null, "refused by the database (SQLSTATE " + sqlState + ")");
        return new Prepared(run.outgoing, run.entries, new Counts(0, 0, 0, run.deadLettered, 0), batchId);
    }

    private static Prepared merged(List<Prepared> parts, UUID batchId) {
        List<Outgoing> outgoing = new ArrayList<>();
        List<ProcessedEventRepository.Entry> entries = new ArrayList<>();
        int[] c = new int[5];
        for (Prepared p : parts) {
            outgoing.addAll(p.outgoing());
            entries.addAll(p.ledger());
            c[0] += p.counts().processed();
            c[1] += p.counts().duplicate();
            c[2] += p.counts().withdrawn();
            c[3] += p.counts().deadLettered();
            c[4] += p.counts().relinked();
        }
        return new Prepared(outgoing, entries, new Counts(c[0], c[1], c[2], c[3], c[4]), batchId);
    }

    /** SQLSTATEs of races with a concurrent transaction: the batch is run again, never dead-lettered. */
    private static final Set<String> RACES = Set.of("40P01", "40001", "23505", "23503");

    /**
     * The SQLSTATE when the database refused the data itself (class 22 data exception, a not-null
     * or check violation), else null. Unique and foreign-key violations are not among them: between
     * instances they are races ({@link #RACES}), and a record must not be dead-lettered for a race.
     */
    static String dataError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    String state = n.getSQLState();
                    if (state != null && (state.startsWith("22") || "23502".equals(state) || "23514".equals(state))) {
                        return state;
                    }
                }
            }
        }
        return null;
    }

    private Prepared run(List<Incoming> batch, UUID batchId) {
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> apply(batch, batchId));
            } catch (RuntimeException e) {
                if (attempt >= CONFLICT_ATTEMPTS || !concurrent(e)) {
                    throw e;
                }
                LOG.debugf("batch re-run after a concurrent linkage (%s), attempt %d", e.getClass().getSimpleName(), attempt);
            }
        }
    }

    /** Writes the ledger entries of a batch whose records the broker has acknowledged, and clears its relink outbox rows. */
    @Transactional
    public void complete(Prepared prepared) {
        ledger.record(prepared.ledger());
        outbox.done(List.of(prepared.batchId()));
    }

    /**
     * What the relink outbox still holds: cases whose re-publication after a merge was committed
     * but perhaps never acknowledged (a crash). Each case's current released record is sent again
     * (a case withdrawn since has none: its tombstone went out).
     */
    @Transactional
    public Leftovers leftovers() {
        Map<String, String> records = new LinkedHashMap<>();
        Set<UUID> batchIds = new LinkedHashSet<>();
        for (RelinkOutboxRepository.Leftover l : outbox.leftovers()) {
            batchIds.add(l.batchId());
            if (l.record() != null) {
                records.putIfAbsent(l.casePseudonym(), l.record());
            }
        }
        List<Outgoing> out = new ArrayList<>(records.size());
        records.forEach((cp, json) -> out.add(new Outgoing(Channel.DEIDENTIFIED, cp, json)));
        return new Leftovers(out, batchIds);
    }

    /** The leftovers were acknowledged. */
    @Transactional
    public void republished(Leftovers leftovers) {
        outbox.done(leftovers.batchIds());
    }

    /** The batch's work inside the caller's transaction (committed by {@link #prepare}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Prepared apply(List<Incoming> batch) {
        return apply(batch, UUID.randomUUID());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    Prepared apply(List<Incoming> batch, UUID batchId) {
        // per record: the parsed event, or why it cannot be read
        List<Object> events = batch.stream().map(CaseEventBatch::read).toList();
        Run run = new Run();
        List<CaseEvent> parsed = events.stream().filter(CaseEvent.class::isInstance).map(CaseEvent.class::cast).toList();
        Set<UUID> seen = new HashSet<>(ledger.seen(parsed.stream().map(CaseEvent::eventId).toList()));
        Map<UUID, CaseState> cases = new HashMap<>(pseudonyms.load(parsed.stream().map(CaseEvent::caseId).distinct().toList()));
        Set<UUID> newCases = new LinkedHashSet<>();
        for (CaseEvent e : parsed) {
            if (body(e) != null && !seen.contains(e.eventId()) && !cases.containsKey(e.caseId())) {
                newCases.add(e.caseId());
            }
        }
        // cases that got their pseudonym in this transaction have no linkage contributions to read
        Set<UUID> assignedHere = Set.of();
        if (!newCases.isEmpty()) {
            assignedHere = pseudonyms.assign(newCases);
            cases.putAll(pseudonyms.load(newCases));
        }
        List<JsonNode> patients = new ArrayList<>();
        Set<String> casePseudonyms = new HashSet<>();
        for (CaseEvent e : parsed) {
            ObjectNode body = body(e);
            CaseState cs = cases.get(e.caseId());
            if (body != null && body.path(FormFields.PATIENT).isObject() && cs != null && !cs.withdrawn() && !seen.contains(e.eventId())) {
                patients.add(body.get(FormFields.PATIENT));
                if (!assignedHere.contains(e.caseId())) {
                    casePseudonyms.add(cs.casePseudonym());
                }
            }
        }
        run.links = linkage.batch(patients, casePseudonyms);

        for (int i = 0; i < batch.size(); i++) {
            Incoming in = batch.get(i);
            if (!(events.get(i) instanceof CaseEvent event)) {
                run.deadLetter(in, null, (String) events.get(i));
                continue;
            }
            if (seen.contains(event.eventId())) {
                run.duplicate++;
                run.processed++;
                continue;
            }
            CaseState cs = cases.get(event.caseId());
            if (!(event instanceof CaseWithdrawn) && cs != null && cs.withdrawn()) {
                // withdrawal is final: a late or replayed copy of the content is not published again
                run.withdrawn++;
                run.processed++;
                run.ledger(event, "withdrawn");
                seen.add(event.eventId());
                continue;
            }
            if (event instanceof CaseWithdrawn w) {
                boolean unseen = cs == null;
                if (unseen) {
                    // withdrawn before any of its content reached this service: remembered as withdrawn,
                    // so that content arriving later (a replay, a re-driven dead letter) is never published
                    cs = pseudonyms.assignWithdrawn(w.caseId());
                    cases.put(w.caseId(), cs);
                }
                if (!unseen || !cs.withdrawn()) { // (not withdrawn: another instance released it meanwhile)
                    // the tombstone: the compacted topic and reporting forget the case; this service
                    // forgets its released record and its contribution to the linkage index
                    run.flush();
                    released.withdrawn(cs.casePseudonym());
                    run.links.withdraw(cs.casePseudonym());
                    pseudonyms.markWithdrawn(w.caseId());
                    cases.put(w.caseId(), new CaseState(cs.casePseudonym(), true));
                    run.outgoing.add(new Outgoing(Channel.DEIDENTIFIED, cs.casePseudonym(), null));
                }
            } else {
                try {
                    run.publish(event, cs);
                } catch (Deidentifier.Unprocessable u) {
                    run.deadLetter(in, event.eventId(), u.getMessage());
                    continue;
                }
            }
            run.processed++;
            run.ledger(event, "published");
            seen.add(event.eventId());
        }
        run.flush();
        // in the batch's transaction: a crash after the commit leaves them for the next start
        outbox.add(batchId, run.relinkedCases);
        return new Prepared(run.outgoing, run.entries,
                new Counts(run.processed, run.duplicate, run.withdrawn, run.deadLettered, run.relinked), batchId);
    }

    /** The parsed event, or why it cannot be read (never the payload: it carries identities). */
    static Object read(Incoming in) {
        try {
            if (in.value() == null) {
                return "unreadable event (no value)";
            }
            return EventJson.readCaseEvent(in.value());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return "unreadable event (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static ObjectNode body(CaseEvent e) {
        return e instanceof CaseSubmitted s ? s.caseData() : e instanceof CaseRevised r ? r.caseData() : null;
    }

    /** A deadlock, a serialization failure or a linkage hash taken meanwhile: worth running the batch again at once. */
    private static boolean concurrent(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PatientLinkage.Conflict) {
                return true;
            }
            // deadlock, serialisation failure, and the key races of two instances writing one case or hash
            // (unique and foreign-key violations): running again sees the other's rows
            if (c instanceof SQLException s && RACES.contains(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The state of one run of a batch. */
    private final class Run {
        PatientLinkage.Batch links;
        final List<Outgoing> outgoing = new ArrayList<>();
        final List<ProcessedEventRepository.Entry> entries = new ArrayList<>();
        final List<Released> toRelease = new ArrayList<>();
        int processed;
        int duplicate;
        int withdrawn;
        int deadLettered;
        int relinked;
        final List<String> relinkedCases = new ArrayList<>();

        void ledger(CaseEvent e, String outcome) {
            entries.add(new ProcessedEventRepository.Entry(e.eventId(), e.caseId(), e.revision(), outcome));
        }

        void publish(CaseEvent event, CaseState cs) {
            ObjectNode caseData = body(event);
            if (caseData == null || !caseData.path(FormFields.PATIENT).isObject() || cs == null) {
                throw new Deidentifier.Unprocessable("case body missing");
            }
            int formVersion = event instanceof CaseSubmitted s ? s.formVersion() : ((CaseRevised) event).formVersion();
            // a pure computation, done before anything of the record is written: a record that
            // cannot be de-identified leaves no trace but its dead letter
            CaseDeidentified draft = deidentifier.deidentify(cs.casePseudonym(), PENDING, event.centreId(), event.revision(),
                    formVersion, caseData);
            PatientLinkage.Resolution patient = links.resolve(caseData.get(FormFields.PATIENT), cs.casePseudonym());
            CaseDeidentified record = new CaseDeidentified(draft.eventId(), draft.casePseudonym(), patient.pseudonym(),
                    draft.centreId(), draft.revision(), draft.occurredAt(), draft.formVersion(), draft.policyVersion(), draft.keyId(),
                    draft.indexYear(), draft.indexProcedureType(), draft.ageAtIndex(), draft.record());
            release(record);
            patient.mergedAway().ifPresent(old -> republish(old, patient.pseudonym()));
        }

        /** Two patients were found to be one: their earlier records come again under the surviving pseudonym. */
        void republish(String oldPseudonym, String newPseudonym) {
            flush();
            for (CaseDeidentified r : released.byPatient(oldPseudonym)) {
                release(new CaseDeidentified(UUID.randomUUID(), r.casePseudonym(), newPseudonym, r.centreId(), r.revision(),
                        Instant.now(), r.formVersion(), r.policyVersion(), r.keyId(), r.indexYear(), r.indexProcedureType(),
                        r.ageAtIndex(), r.record()));
                relinked++;
                relinkedCases.add(r.casePseudonym());
            }
        }

        void release(CaseDeidentified record) {
            String json = EventJson.write(record);
            outgoing.add(new Outgoing(Channel.DEIDENTIFIED, record.casePseudonym(), json));
            toRelease.add(new Released(record, json));
        }

        /** Reports the event on the dead-letter topic (metadata only) and moves on. */
        void deadLetter(Incoming in, UUID eventId, String reason) {
            Map<String, Object> dl = new LinkedHashMap<>();
            dl.put("source_topic", in.topic());
            dl.put("partition", in.partition());
            dl.put("offset", in.offset());
            dl.put("event_id", eventId == null ? null : eventId.toString());
            dl.put("reason", reason);
            dl.put("consumer", "deidentification");
            LOG.warnf("event sent to %s: partition %s offset %s event %s: %s", Topics.DEAD_LETTER, in.partition(), in.offset(),
                    dl.get("event_id"), reason);
            outgoing.add(new Outgoing(Channel.DEAD_LETTER, eventId == null ? null : eventId.toString(), EventJson.write(dl)));
            deadLettered++;
        }

        /** Writes what is pending: linkage rows, then released records. */
        void flush() {
            links.flush();
            released.released(toRelease);
            toRelease.clear();
        }
    }
}
