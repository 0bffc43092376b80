package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.CaseRevision;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CaseRevisionRepository implements PanacheRepositoryBase<CaseRevision, CaseRevision.Key> {

    /** Every stored revision of the case, oldest first. */
    public List<CaseRevision> history(UUID caseId) {
        return list("key.caseId = ?1 order by key.revision", caseId);
    }

    /** Withdrawal: the case's revisions hold its identities, so none is kept. */
    public long eraseCase(UUID caseId) {
        return delete("key.caseId", caseId);
    }
}
