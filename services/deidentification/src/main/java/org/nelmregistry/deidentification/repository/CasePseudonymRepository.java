package org.nelmregistry.deidentification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.nelmregistry.deidentification.CasePseudonym;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CasePseudonymRepository implements PanacheRepositoryBase<CasePseudonym, UUID> {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The case's pseudonym, assigned (and committed) on first sight. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String getOrAssign(UUID caseId) {
        getEntityManager().createNativeQuery("INSERT INTO case_pseudonyms (case_id, case_pseudonym, created_at) "
                + "VALUES (:id, :p, :at) ON CONFLICT (case_id) DO NOTHING")
                .setParameter("id", caseId).setParameter("p", random()).setParameter("at", Instant.now())
                .executeUpdate();
        return findById(caseId).casePseudonym;
    }

    public Optional<String> find(UUID caseId) {
        return findByIdOptional(caseId).map(p -> p.casePseudonym);
    }

    /** Marks the case withdrawn: nothing for it is ever published again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void markWithdrawn(UUID caseId) {
        getEntityManager().createNativeQuery("UPDATE case_pseudonyms SET withdrawn_at = :at WHERE case_id = :id AND withdrawn_at IS NULL")
                .setParameter("id", caseId).setParameter("at", Instant.now()).executeUpdate();
    }

    @Transactional
    public boolean isWithdrawn(UUID caseId) {
        return !getEntityManager().createNativeQuery("SELECT 1 FROM case_pseudonyms WHERE case_id = :id AND withdrawn_at IS NOT NULL")
                .setParameter("id", caseId).getResultList().isEmpty();
    }

    /** 128 random bits, URL-safe: unrelated to anything about the case. */
    static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "cp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
