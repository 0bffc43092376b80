package org.nelmregistry.deidentification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The linkage index (service/PatientLinkage decides what is linked): read and written a batch at
 * a time, one statement per kind of read or write whatever the batch size; and statement by
 * statement for the rare record that merges two patients or drops a hash, and for withdrawals.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class LinkageRepository {

    /** Who holds a keyed hash, and whether it is a national-id or a names hash. */
    public record Owner(String patientPseudonym, String kind) {
    }

    /** A keyed hash to add; {@code createdAt} orders patients when two are merged (the earlier wins). */
    public record Link(String hash, String kind, String patientPseudonym, Instant createdAt) {
    }

    /** A case contributes a keyed hash. */
    public record Contribution(String hash, String casePseudonym) {
    }

    /**
     * One index lookup per value of the batch: "OFFSET 0" keeps the lateral subquery from being
     * flattened into a join, which the planner ran as a scan of the whole table for a batch's
     * hundreds of values (its cost grew with the index: the busy SELECT seen during ingest).
     */
    private static final String LOOKUP = "OFFSET 0";

    @Inject
    EntityManager em;

    /** Sorted: the rows are locked in the order of the values (hash order for the owners, as every writer locks). */
    private static List<String> sorted(Collection<String> values) {
        return values.stream().distinct().sorted().toList();
    }

    /**
     * The owners of these hashes, share-locked until the batch commits: a merge or a withdrawal by
     * another transaction waits, so it cannot move or delete a row the batch is linking to (and
     * when it got there first, the batch waits and reads the row as that transaction left it).
     * Locked in hash order, as every writer locks; one index lookup per hash ({@link #LOOKUP}).
     */
    public Map<String, Owner> owners(String keyId, Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return new HashMap<>();
        }
        return Jdbc.run(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT l.link_hash, l.patient_pseudonym, l.kind FROM unnest(?::text[]) AS t(h) "
                    + "CROSS JOIN LATERAL (SELECT link_hash, patient_pseudonym, kind FROM linkage_keys WHERE key_id = ? AND link_hash = t.h "
                    + LOOKUP + " FOR SHARE) l")) {
                ps.setArray(1, Jdbc.texts(c, sorted(hashes)));
                ps.setString(2, keyId);
                Map<String, Owner> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Owner(rs.getString(2), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Which of these patient pseudonyms hold a national-id hash; those rows share-locked like
     * {@link #owners} (one row per hash, so no DISTINCT, which cannot be combined with a lock: the set dedupes).
     */
    public Set<String> withNationalId(String keyId, Collection<String> pseudonyms) {
        if (pseudonyms.isEmpty()) {
            return new HashSet<>();
        }
        return Jdbc.run(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT l.patient_pseudonym FROM unnest(?::text[]) AS t(p) "
                    + "CROSS JOIN LATERAL (SELECT patient_pseudonym FROM linkage_keys WHERE key_id = ? AND patient_pseudonym = t.p "
                    + "AND kind = 'nid' " + LOOKUP + " FOR SHARE) l")) {
                ps.setArray(1, Jdbc.texts(c, sorted(pseudonyms)));
                ps.setString(2, keyId);
                Set<String> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** The hashes each of these cases contributes under the key. */
    public Map<String, Set<String>> contributions(String keyId, Collection<String> casePseudonyms) {
        if (casePseudonyms.isEmpty()) {
            return new HashMap<>();
        }
        return Jdbc.run(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT l.case_pseudonym, l.link_hash FROM unnest(?::text[]) AS t(cp) "
                    + "CROSS JOIN LATERAL (SELECT case_pseudonym, link_hash FROM linkage_contributions WHERE case_pseudonym = t.cp "
                    + "AND key_id = ? " + LOOKUP + ") l")) {
                ps.setArray(1, Jdbc.texts(c, sorted(casePseudonyms)));
                ps.setString(2, keyId);
                Map<String, Set<String>> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Adds the hashes in one statement, in hash order (two instances lock in the same order, so
     * they cannot deadlock). Returns how many were added: fewer than given means another
     * transaction added one of them after it was read as free.
     */
    public int insertLinks(String keyId, List<Link> links) {
        if (links.isEmpty()) {
            return 0;
        }
        List<Link> sorted = links.stream().sorted(Comparator.comparing(Link::hash)).toList();
        return Jdbc.run(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO linkage_keys (key_id, link_hash, kind, patient_pseudonym, created_at) "
                    + "SELECT ?, h, k, p, at::timestamptz FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(h, k, p, at) "
                    + "ON CONFLICT DO NOTHING")) {
                ps.setString(1, keyId);
                ps.setArray(2, Jdbc.texts(c, sorted.stream().map(Link::hash).toList()));
                ps.setArray(3, Jdbc.texts(c, sorted.stream().map(Link::kind).toList()));
                ps.setArray(4, Jdbc.texts(c, sorted.stream().map(Link::patientPseudonym).toList()));
                ps.setArray(5, Jdbc.texts(c, sorted.stream().map(l -> l.createdAt().toString()).toList()));
                return ps.executeUpdate();
            }
        });
    }

    public void insertContributions(String keyId, Collection<Contribution> contributions) {
        if (contributions.isEmpty()) {
            return;
        }
        List<Contribution> sorted = contributions.stream()
                .sorted(Comparator.comparing(Contribution::hash).thenComparing(Contribution::casePseudonym)).toList();
        Jdbc.run(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO linkage_contributions (key_id, link_hash, case_pseudonym) "
                    + "SELECT ?, h, cp FROM unnest(?::text[], ?::text[]) AS t(h, cp) ON CONFLICT DO NOTHING")) {
                ps.setString(1, keyId);
                ps.setArray(2, Jdbc.texts(c, sorted.stream().map(Contribution::hash).toList()));
                ps.setArray(3, Jdbc.texts(c, sorted.stream().map(Contribution::casePseudonym).toList()));
                return ps.executeUpdate();
            }
        });
    }
    // --- statement by statement: the rare record that merges two patients or drops a hash, and withdrawals

    /** The hash's owner, locked: the caller may move or re-link it (a concurrent batch's read waits). */
    public java.util.Optional<String> ownerForUpdate(String keyId, String hash) {
        List<?> r = em.createNativeQuery("SELECT patient_pseudonym FROM linkage_keys WHERE key_id = :k AND link_hash = :h FOR UPDATE")
                .setParameter("k", keyId).setParameter("h", hash).getResultList();
        return r.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of((String) r.get(0));
    }

    /** Whether the patient holds a national-id hash (that row share-locked). */
    public boolean hasNationalId(String keyId, String patientPseudonym) {
        return !em.createNativeQuery("SELECT 1 FROM linkage_keys WHERE key_id = :k AND patient_pseudonym = :p AND kind = 'nid' "
                + "LIMIT 1 FOR SHARE")
                .setParameter("k", keyId).setParameter("p", patientPseudonym).getResultList().isEmpty();
    }

    /** When the patient was first linked ({@link Instant#MAX} when it holds no hash). */
    public Instant firstLinked(String keyId, String patientPseudonym) {
        Object t = em.createNativeQuery("SELECT min(created_at) FROM linkage_keys WHERE key_id = :k AND patient_pseudonym = :p")
                .setParameter("k", keyId).setParameter("p", patientPseudonym).getSingleResult();
        return t instanceof java.time.OffsetDateTime o ? o.toInstant() : t instanceof Instant i ? i
                : t instanceof java.sql.Timestamp ts ? ts.toInstant() : Instant.MAX;
    }

    /** Links the hash to the patient; a hash already held keeps its owner. */
    public void link(String keyId, String hash, String kind, String patientPseudonym) {
        em.createNativeQuery("INSERT INTO linkage_keys (key_id, link_hash, kind, patient_pseudonym, created_at) "
                + "VALUES (:k, :h, :kind, :p, clock_timestamp()) ON CONFLICT DO NOTHING")
                .setParameter("k", keyId).setParameter("h", hash).setParameter("kind", kind).setParameter("p", patientPseudonym)
                .executeUpdate();
    }

    /** The case contributes the hash (once). */
    public void contribute(String keyId, String hash, String casePseudonym) {
        em.createNativeQuery("INSERT INTO linkage_contributions (key_id, link_hash, case_pseudonym) VALUES (:k, :h, :cp) "
                + "ON CONFLICT DO NOTHING").setParameter("k", keyId).setParameter("h", hash).setParameter("cp", casePseudonym)
                .executeUpdate();
    }

    /**
     * Locks every row of two patients about to be merged, waiting for a batch that is linking to
     * one of them, so the statements that follow, each with a fresh snapshot, see its new rows.
     */
    public void lockBoth(String keyId, String a, String b) {
        em.createNativeQuery("SELECT 1 FROM linkage_keys WHERE key_id = :k AND patient_pseudonym IN (:a, :b) "
                + "ORDER BY link_hash FOR UPDATE").setParameter("k", keyId).setParameter("a", a).setParameter("b", b)
                .getResultList();
    }

    /** Moves every hash of {@code loser} to {@code winner} (after {@link #lockBoth}). */
    public void merge(String keyId, String winner, String loser) {
        em.createNativeQuery("UPDATE linkage_keys SET patient_pseudonym = :w WHERE key_id = :k AND patient_pseudonym = :l")
                .setParameter("w", winner).setParameter("k", keyId).setParameter("l", loser).executeUpdate();
    }

    /**
     * Drops the case's contributions (under one key, or every key when {@code keyId} is null)
     * except the kept hashes, and the hashes no other case contributes.
     */
    public void forget(String casePseudonym, String keyId, List<String> keep) {
        // the hashes that may go are locked first: a batch that read them (FOR SHARE) and is adding a
        // contribution commits before the delete below takes its snapshot, so that hash is kept
        em.createNativeQuery("SELECT 1 FROM linkage_keys l WHERE (l.key_id, l.link_hash) IN (SELECT key_id, link_hash "
                + "FROM linkage_contributions WHERE case_pseudonym = :cp AND (:k = '' OR key_id = :k)) "
                + "ORDER BY l.key_id, l.link_hash FOR UPDATE OF l")
                .setParameter("cp", casePseudonym).setParameter("k", keyId == null ? "" : keyId).getResultList();
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
}
