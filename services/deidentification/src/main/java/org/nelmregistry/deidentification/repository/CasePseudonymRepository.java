package org.nelmregistry.deidentification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.nelmregistry.deidentification.CasePseudonym;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class CasePseudonymRepository implements PanacheRepositoryBase<CasePseudonym, UUID> {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A case's pseudonym and whether the case was withdrawn. */
    public record CaseState(String casePseudonym, boolean withdrawn) {
    }

    /** The known cases among these (one query for a whole batch). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, CaseState> load(Collection<UUID> caseIds) {
        if (caseIds.isEmpty()) {
            return Map.of();
        }
        return Jdbc.run(getEntityManager(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT case_id, case_pseudonym, withdrawn_at IS NOT NULL FROM case_pseudonyms WHERE case_id = ANY(?)")) {
                ps.setArray(1, Jdbc.uuids(c, caseIds));
                Map<UUID, CaseState> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getObject(1, UUID.class), new CaseState(rs.getString(2), rs.getBoolean(3)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Gives each case without one a new random pseudonym, in one statement; a case that got one
     * meanwhile (another instance) keeps it: read them with {@link #load} afterwards. Returns the
     * cases that got theirs here (nothing else can refer to them yet).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Set<UUID> assign(Collection<UUID> caseIds) {
        if (caseIds.isEmpty()) {
            return java.util.Set.of();
        }
        List<UUID> ids = caseIds.stream().sorted().toList(); // one lock order for every instance
        List<String> pseudonyms = new ArrayList<>(ids.size());
        ids.forEach(id -> pseudonyms.add(random()));
        return Jdbc.run(getEntityManager(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_pseudonyms (case_id, case_pseudonym, created_at) "
                    + "SELECT id, p, now() FROM unnest(?::uuid[], ?::text[]) AS t(id, p) ON CONFLICT (case_id) DO NOTHING "
                    + "RETURNING case_id")) {
                ps.setArray(1, Jdbc.uuids(c, ids));
                ps.setArray(2, Jdbc.texts(c, pseudonyms));
                java.util.Set<UUID> inserted = new java.util.HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getObject(1, UUID.class));
                    }
                }
                return inserted;
            }
        });
    }

    /**
     * A case withdrawn before this service saw any of its content: stored withdrawn under a new
     * pseudonym (nothing was released under it). Returns the case's state, which is another
     * instance's pseudonym, not withdrawn, if that instance assigned one meanwhile.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CaseState assignWithdrawn(UUID caseId) {
        getEntityManager().createNativeQuery("INSERT INTO case_pseudonyms (case_id, case_pseudonym, created_at, withdrawn_at) "
                + "VALUES (:id, :p, now(), now()) ON CONFLICT (case_id) DO NOTHING")
                .setParameter("id", caseId).setParameter("p", random()).executeUpdate();
        return load(List.of(caseId)).get(caseId);
    }

    /** Marks the case withdrawn: nothing for it is ever published again. */
    @Transactional
    public void markWithdrawn(UUID caseId) {
        getEntityManager().createNativeQuery("UPDATE case_pseudonyms SET withdrawn_at = :at WHERE case_id = :id AND withdrawn_at IS NULL")
                .setParameter("id", caseId).setParameter("at", Instant.now()).executeUpdate();
    }

    /** 128 random bits, URL-safe: unrelated to anything about the case. */
    static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "cp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
