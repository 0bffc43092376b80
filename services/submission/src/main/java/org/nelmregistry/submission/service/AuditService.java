package org.nelmregistry.submission.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.nelmregistry.submission.AuditEvent;
import org.nelmregistry.submission.AuditFilter;
import org.nelmregistry.submission.Slice;
import org.nelmregistry.submission.repository.AuditRepository;

/** The access audit as the administrator reads it. */
@ApplicationScoped
public class AuditService {

    @Inject
    AuditRepository audit;

    /** One page of the entries the filter selects, newest first. */
    @Transactional
    public Slice<AuditEvent> search(AuditFilter filter, int page, int size) {
        return audit.search(filter, page, size);
    }

    /** Audits an action in its own transaction (for actions outside one, e.g. starting a job). */
    public void recordNow(String actor, String action, java.util.UUID caseId, String centreId) {
        audit.recordNow(actor, action, caseId, centreId);
    }
}
