package org.nelmregistry.deidentification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.nelmregistry.deidentification.ProcessedEvent;

import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class ProcessedEventRepository implements PanacheRepositoryBase<ProcessedEvent, UUID> {

    public boolean seen(UUID eventId) {
        return findByIdOptional(eventId).isPresent();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(UUID eventId, UUID caseId, int revision, String outcome) {
        getEntityManager().createNativeQuery("INSERT INTO processed_events (event_id, case_id, revision, outcome, processed_at) "
                + "VALUES (:e, :c, :r, :o, :at) ON CONFLICT (event_id) DO NOTHING")
                .setParameter("e", eventId).setParameter("c", caseId).setParameter("r", revision)
                .setParameter("o", outcome).setParameter("at", Instant.now()).executeUpdate();
    }
}
