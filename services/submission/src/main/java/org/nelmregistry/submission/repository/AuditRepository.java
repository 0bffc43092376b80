package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.AuditEvent;

import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class AuditRepository implements PanacheRepository<AuditEvent> {

    public void record(String actor, String action, UUID caseId, String centreId) {
        AuditEvent e = new AuditEvent();
        e.at = Instant.now();
        e.actor = actor;
        e.action = action;
        e.caseId = caseId;
        e.centreId = centreId;
        persist(e);
    }
}
