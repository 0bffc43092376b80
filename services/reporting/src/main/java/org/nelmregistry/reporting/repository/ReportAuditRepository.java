package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.reporting.ReportAudit;

import java.util.List;

@ApplicationScoped
public class ReportAuditRepository implements PanacheRepositoryBase<ReportAudit, Long> {

    /** Newest first. */
    public List<ReportAudit> page(int page, int size) {
        return findAll(Sort.descending("requestedAt").and("id", Sort.Direction.Descending)).page(Page.of(page, size)).list();
    }
}
