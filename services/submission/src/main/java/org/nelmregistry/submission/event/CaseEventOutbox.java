package org.nelmregistry.submission.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.contracts.event.CaseEvent;
import org.nelmregistry.contracts.event.CaseRevised;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.CaseWithdrawn;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.OutboxEvent;
import org.nelmregistry.submission.repository.OutboxRepository;

import java.time.Instant;
import java.util.UUID;

/**
 * Writes a case event into the outbox, inside the caller's transaction, and wakes the relay once
 * that transaction has committed (not before: the relay could not see the row yet; not on a
 * rollback: there is nothing to send).
 */
@ApplicationScoped
public class CaseEventOutbox {

    private static final Object WAKE_REGISTERED = new Object();

    @Inject
    OutboxRepository outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    TransactionSynchronizationRegistry transactions;

    @Transactional(Transactional.TxType.MANDATORY)
    public CaseEvent revised(CaseRecord c, ObjectNode data) {
        return add(new CaseRevised(UUID.randomUUID(), c.id, c.centreId, c.revision, Instant.now(), c.formVersion, data));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public CaseEvent withdrawn(CaseRecord c) {
        return add(new CaseWithdrawn(UUID.randomUUID(), c.id, c.centreId, c.revision, Instant.now(), c.formVersion));
    }

    /**
     * The outbox row of a new case's CaseSubmitted, for the caller to insert with the case itself
     * (CaseRepository.insertNew); the relay is woken after the transaction commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public OutboxEvent submittedRow(CaseRecord c, ObjectNode data) {
        OutboxEvent row = row(new CaseSubmitted(UUID.randomUUID(), c.id, c.centreId, c.revision, Instant.now(),
                c.formVersion, data));
        wakeRelayAfterCommit();
        return row;
    }

    private CaseEvent add(CaseEvent e) {
        outbox.persist(row(e));
        wakeRelayAfterCommit();
        return e;
    }

    private static OutboxEvent row(CaseEvent e) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = e.eventId();
        row.eventType = e.getClass().getSimpleName();
        row.topic = Topics.CASE_EVENTS;
        row.eventKey = e.caseId().toString();
        row.payload = EventJson.write(e);
        row.createdAt = e.occurredAt();
        return row;
    }

    /** One wake-up per transaction, however many events it writes (an import writes many). */
    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
