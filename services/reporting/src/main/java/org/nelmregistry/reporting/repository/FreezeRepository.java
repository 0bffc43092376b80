package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.reporting.Freeze;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Data freezes: the copy of the analytic store into freeze tables, withdrawals, and the list with case counts. */
@ApplicationScoped
public class FreezeRepository implements PanacheRepositoryBase<Freeze, UUID> {

    public Optional<Freeze> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    /**
     * Makes writers of the live store wait until the caller's transaction ends, for a consistent copy.
     * Call it before anything else in the transaction: every writer takes a table of the store before
     * the store's version row (V4's triggers), so taking the tables first keeps one lock order.
     */
    public void lockStore() {
        getEntityManager().createNativeQuery(AnalyticRepository.HOLD_VERSION).executeUpdate(); // the writers' lock order
        getEntityManager().createNativeQuery("LOCK TABLE case_records, analytic_cases, analytic_procedures IN SHARE MODE")
                .executeUpdate();
    }

    /** Copies every analytic row (with the case's released record) into the freeze; returns the case count. */
    public int copyStore(UUID freezeId) {
        int cases = getEntityManager().createNativeQuery("INSERT INTO freeze_cases (freeze_id, "
                + AnalyticRepository.CASE_COLUMNS + ", derivation_version, form_version, record, policy_version, key_id) "
                + "SELECT CAST(:id AS uuid), " + prefixed("a", AnalyticRepository.CASE_COLUMNS)
                + ", a.derivation_version, r.form_version, r.record, r.policy_version, r.key_id "
                + "FROM analytic_cases a JOIN case_records r ON r.case_pseudonym = a.case_pseudonym")
                .setParameter("id", freezeId.toString()).executeUpdate();
        getEntityManager().createNativeQuery("INSERT INTO freeze_procedures (freeze_id, "
                + AnalyticRepository.PROCEDURE_COLUMNS + ") SELECT CAST(:id AS uuid), "
                + prefixed("p", AnalyticRepository.PROCEDURE_COLUMNS) + " FROM analytic_procedures p "
                + "JOIN freeze_cases c ON c.freeze_id = CAST(:id AS uuid) AND c.case_pseudonym = p.case_pseudonym")
                .setParameter("id", freezeId.toString()).executeUpdate();
        return cases;
    }

    /** A withdrawal: the case leaves every freeze, and each freeze it left is marked amended. Returns how many. */
    public int withdraw(String casePseudonym, Instant at) {
        @SuppressWarnings("unchecked")
        List<Object> ids = getEntityManager().createNativeQuery(
                "DELETE FROM freeze_cases WHERE case_pseudonym = :cp RETURNING CAST(freeze_id AS varchar)")
                .setParameter("cp", casePseudonym).getResultList();
        for (Object id : ids) {
            getEntityManager().createNativeQuery("UPDATE freezes SET amended_at = :at WHERE id = CAST(:id AS uuid)")
                    .setParameter("at", at).setParameter("id", id.toString()).executeUpdate();
        }
        return ids.size();
    }

    /** Newest first, then by name. */
    public List<Freeze> page(int page, int size) {
        return findAll(Sort.descending("createdAt").and("name")).page(Page.of(page, size)).list();
    }

    /** Case counts of the given freezes. */
    public Map<UUID, Long> caseCounts(List<UUID> ids) {
        Map<UUID, Long> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery(
                "SELECT CAST(freeze_id AS varchar), count(*) FROM freeze_cases WHERE freeze_id IN (:ids) GROUP BY freeze_id")
                .setParameter("ids", ids).getResultList();
        for (Object[] r : rows) {
            out.put(UUID.fromString(r[0].toString()), ((Number) r[1]).longValue());
        }
        return out;
    }

    private static String prefixed(String alias, String columns) {
        StringBuilder sb = new StringBuilder();
        for (String c : columns.split(",\\s*")) {
            sb.append(sb.isEmpty() ? "" : ", ").append(alias).append('.').append(c);
        }
        return sb.toString();
    }
}
