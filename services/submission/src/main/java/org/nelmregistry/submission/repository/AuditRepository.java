package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.AuditEvent;

import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class AuditRepository implements PanacheRepository<AuditEvent> {

    /** Audits in its own transaction (for actions outside one). */
    public void recordNow(String actor, String action, UUID caseId, String centreId) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> record(actor, action, caseId, centreId));
    }

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
