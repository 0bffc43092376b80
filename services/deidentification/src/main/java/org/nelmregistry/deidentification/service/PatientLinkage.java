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
 * Each hash remembers which cases contribute it ({@code linkage_contributions}), so a withdrawal
 * removes exactly what only the withdrawn case put there.
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

    /**
     * Resolves the patient of a case's record and records which keyed hashes this case
     * contributes (hashes it no longer contributes, e.g. after a corrected national id, are
     * dropped unless another case still contributes them).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Resolution resolve(JsonNode patient, String casePseudonym) {
        String keyId = pseudonymiser.keyId();
        String nameHash = pseudonymiser.linkHash(PatientPseudonymiser.nameIdentity(patient));
        Optional<String> nidIdentity = PatientPseudonymiser.nidIdentity(patient);
        Optional<String> byName = owner(keyId, nameHash);
        Resolution result;
        List<String> contributed;
        if (nidIdentity.isEmpty()) {
            String p = byName.orElseGet(() -> pseudonymiser.pseudonym(nameHash));
            link(keyId, nameHash, NAME, p);
            result = new Resolution(p, Optional.empty());
            contributed = List.of(nameHash);
        } else {
            String nidHash = pseudonymiser.linkHash(nidIdentity.get());
            contributed = List.of(nameHash, nidHash);
            result = resolveWithNid(keyId, nameHash, nidHash, byName);
        }
        for (String h : contributed) {
            em.createNativeQuery("INSERT INTO linkage_contributions (key_id, link_hash, case_pseudonym) VALUES (:k, :h, :cp) "
                    + "ON CONFLICT DO NOTHING").setParameter("k", keyId).setParameter("h", h).setParameter("cp", casePseudonym)
                    .executeUpdate();
        }
        forget(casePseudonym, keyId, contributed);
        return result;
    }

    private Resolution resolveWithNid(String keyId, String nameHash, String nidHash, Optional<String> byName) {
        Optional<String> byNid = owner(keyId, nidHash);
        Optional<String> namesOnly = byName.filter(p -> !hasNid(keyId, p));
        if (byNid.isEmpty()) {
            String p = namesOnly.orElseGet(() -> pseudonymiser.pseudonym(nidHash));
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

    /**
     * A withdrawn case's contribution to the linkage index goes, under every key: its keyed
     * hashes are deleted unless another case still contributes the same hash, so other cases
     * keep their links and their patient pseudonym.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void withdraw(String casePseudonym) {
        forget(casePseudonym, null, List.of());
    }

    /** Drops the case's contributions (under one key, or all when keyId is null) except the kept hashes, and orphaned hashes. */
    private void forget(String casePseudonym, String keyId, List<String> keep) {
        // all statements of one WITH see the same snapshot: the case's own rows are excluded by hand
        em.createNativeQuery("WITH gone AS (DELETE FROM linkage_contributions WHERE case_pseudonym = :cp "
                + "AND (:k = '' OR key_id = :k) AND link_hash NOT IN (:keep) "
                + "RETURNING key_id, link_hash) "
                + "DELETE FROM linkage_keys l USING gone g WHERE l.key_id = g.key_id AND l.link_hash = g.link_hash "
                + "AND NOT EXISTS (SELECT 1 FROM linkage_contributions c WHERE c.key_id = g.key_id AND c.link_hash = g.link_hash "
                + "AND c.case_pseudonym <> :cp)")
                .setParameter("cp", casePseudonym).setParameter("k", keyId == null ? "" : keyId)
                // a hash is never empty: "" stands for "keep nothing"
                .setParameter("keep", keep.isEmpty() ? List.of("") : keep).executeUpdate();
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
