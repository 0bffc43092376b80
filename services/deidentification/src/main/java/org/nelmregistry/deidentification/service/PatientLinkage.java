package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Finds a record's patient pseudonym through the linkage index of keyed hashes:
 * <ul>
 * <li>with a national id: the pseudonym of that (country, national id); a first national-id
 * record adopts the pseudonym of an earlier names-only record with the same names, birth date
 * and sex; if both already exist as two patients they are merged, the earlier pseudonym wins;</li>
 * <li>without: the pseudonym of the same names, birth date and sex, else a new one.</li>
 * </ul>
 * A names key already held by a patient with a national id is never re-assigned, so two people
 * with different national ids stay apart; twins (other given name) never share a names key.
 */
@ApplicationScoped
public class PatientLinkage {

    /** The pseudonym to use, and the pseudonym merged into it (to re-publish), if any. */
    public record Resolution(String pseudonym, Optional<String> mergedAway) {
    }

    static final String NID = "nid";
    static final String NAME = "name";

    @Inject
    EntityManager em;
    @Inject
    PatientPseudonymiser pseudonymiser;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Resolution resolve(JsonNode patient) {
        String keyId = pseudonymiser.keyId();
        String secret = pseudonymiser.keys().currentSecret();
        String nameHash = PatientPseudonymiser.hmac(secret, PatientPseudonymiser.nameIdentity(patient));
        Optional<String> nidIdentity = PatientPseudonymiser.nidIdentity(patient);
        Optional<String> byName = owner(keyId, nameHash);
        if (nidIdentity.isEmpty()) {
            String p = byName.orElseGet(() -> "pp_" + nameHash);
            link(keyId, nameHash, NAME, p);
            return new Resolution(p, Optional.empty());
        }
        String nidHash = PatientPseudonymiser.hmac(secret, nidIdentity.get());
        Optional<String> byNid = owner(keyId, nidHash);
        Optional<String> namesOnly = byName.filter(p -> !hasNid(keyId, p));
        if (byNid.isEmpty()) {
            String p = namesOnly.orElseGet(() -> "pp_" + nidHash);
            link(keyId, nidHash, NID, p);
            link(keyId, nameHash, NAME, p);
            return new Resolution(p, Optional.empty());
        }
        String p = byNid.get();
        if (namesOnly.isPresent() && !namesOnly.get().equals(p)) {
            String a = p;
            String b = namesOnly.get();
            String winner = since(keyId, a).isAfter(since(keyId, b)) ? b : a;
            String loser = winner.equals(a) ? b : a;
            em.createNativeQuery("UPDATE linkage_keys SET patient_pseudonym = :w WHERE key_id = :k AND patient_pseudonym = :l")
                    .setParameter("w", winner).setParameter("k", keyId).setParameter("l", loser).executeUpdate();
            return new Resolution(winner, Optional.of(loser));
        }
        link(keyId, nameHash, NAME, p);
        return new Resolution(p, Optional.empty());
    }

    private Optional<String> owner(String keyId, String hash) {
        List<?> r = em.createNativeQuery("SELECT patient_pseudonym FROM linkage_keys WHERE key_id = :k AND link_hash = :h")
                .setParameter("k", keyId).setParameter("h", hash).getResultList();
        return r.isEmpty() ? Optional.empty() : Optional.of((String) r.get(0));
    }

    private boolean hasNid(String keyId, String pseudonym) {
        return !em.createNativeQuery("SELECT 1 FROM linkage_keys WHERE key_id = :k AND patient_pseudonym = :p AND kind = 'nid'")
                .setParameter("k", keyId).setParameter("p", pseudonym).getResultList().isEmpty();
    }

    private Instant since(String keyId, String pseudonym) {
        Object t = em.createNativeQuery("SELECT min(created_at) FROM linkage_keys WHERE key_id = :k AND patient_pseudonym = :p")
                .setParameter("k", keyId).setParameter("p", pseudonym).getSingleResult();
        return t instanceof java.time.OffsetDateTime o ? o.toInstant() : t instanceof Instant i ? i
                : t instanceof java.sql.Timestamp ts ? ts.toInstant() : Instant.MAX;
    }

    private void link(String keyId, String hash, String kind, String pseudonym) {
        em.createNativeQuery("INSERT INTO linkage_keys (key_id, link_hash, kind, patient_pseudonym, created_at) "
                + "VALUES (:k, :h, :kind, :p, clock_timestamp()) ON CONFLICT DO NOTHING")
                .setParameter("k", keyId).setParameter("h", hash).setParameter("kind", kind).setParameter("p", pseudonym)
                .executeUpdate();
    }
}
