package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.nelmregistry.submission.CaseRecord;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CaseRepository implements PanacheRepositoryBase<CaseRecord, UUID> {

    /** The centre's active case with this local_ref (a withdrawn case has none). */
    public Optional<CaseRecord> findByLocalRef(String centreId, String localRef) {
        return find("centreId = ?1 and localRef = ?2 and status = ?3", centreId, localRef, CaseRecord.ACTIVE)
                .firstResultOptional();
    }

    /**
     * The centre's active case with this local_ref, its row locked; read after the lock is
     * granted, so a withdrawal committed meanwhile is seen (it no longer matches).
     */
    public Optional<CaseRecord> findByLocalRefForUpdate(String centreId, String localRef) {
        return find("centreId = ?1 and localRef = ?2 and status = ?3", centreId, localRef, CaseRecord.ACTIVE)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The case, its row locked until the transaction ends (a change and a withdrawal never interleave). */
    public Optional<CaseRecord> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Serialises, until the transaction ends, every writer of one centre's local_ref: of two
     * concurrent first submissions of a case the second waits and then finds the first, instead
     * of failing on the unique key. Callers take it before any row lock (one lock order).
     */
    public void lockLocalRef(String centreId, String localRef) {
        getEntityManager().createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtextextended(:k, 0)) AS text)")
                .setParameter("k", "cases.local_ref\n" + centreId + "\n" + localRef)
                .getSingleResult();
    }
}
