package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.AuditEvent;
import org.nelmregistry.submission.AuditFilter;
import org.nelmregistry.submission.Slice;

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

    /** One page of the entries the filter selects, newest first. */
    public Slice<AuditEvent> search(AuditFilter f, int page, int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (f.caseId() != null) {
            q.append(" and caseId = :case");
            p.and("case", f.caseId());
        }
        if (f.actor() != null) {
            q.append(" and actor = :actor");
            p.and("actor", f.actor());
        }
        var query = find(q.toString(), Sort.descending("at").and("id", Sort.Direction.Descending), p)
                .page(Page.of(page, size));
        return new Slice<>(query.list(), query.count());
    }
}
