package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.DataQuery;
import org.nelmregistry.submission.QueryFilter;
import org.nelmregistry.submission.Slice;

import java.util.UUID;

@ApplicationScoped
public class DataQueryRepository implements PanacheRepositoryBase<DataQuery, UUID> {

    /** One page of the queries the filter selects, oldest raised first. */
    public Slice<DataQuery> search(QueryFilter f, int page, int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (f.centreId() != null) {
            q.append(" and centreId = :centre");
            p.and("centre", f.centreId());
        }
        if (f.status() != null) {
            q.append(" and status = :status");
            p.and("status", f.status());
        }
        if (f.caseId() != null) {
            q.append(" and caseId = :case");
            p.and("case", f.caseId());
        }
        var query = find(q.toString(), Sort.by("raisedAt").and("id"), p).page(Page.of(page, size));
        return new Slice<>(query.list(), query.count());
    }

    /**
     * Withdrawal: a question may quote the case and an answer is free text that may hold
     * identities; both go, the queries stay closed (what was asked of whom, no content).
     */
    public int eraseCase(UUID caseId) {
        return getEntityManager().createNativeQuery("UPDATE data_queries SET question = '(erased)', answer = NULL, "
                + "status = 'closed', closed_at = COALESCE(closed_at, now()) WHERE case_id = :id")
                .setParameter("id", caseId).executeUpdate();
    }
}
