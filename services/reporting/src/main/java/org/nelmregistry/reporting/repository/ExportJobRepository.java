package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.common.job.LeasedJobs;
import org.nelmregistry.reporting.ExportJob;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
/** Export jobs; leases and progress are the common mechanism's ({@link LeasedJobs}). */
public class ExportJobRepository implements PanacheRepositoryBase<ExportJob, UUID>, LeasedJobs {

    private static final Table TABLE = new Table("export_jobs", "error = :reason");

    @jakarta.inject.Inject
    ExportRepository exports;

    @Override
    public Table jobs() {
        return TABLE;
    }

    /** An export failed as interrupted forgets its scope in the same transaction (its file never completed). */
    @Override
    public void interrupted(List<UUID> ids) {
        ids.forEach(exports::forgetScope);
    }

    /** A page of exports, newest first: one analyst's, or everyone's ({@code owner} null). */
    public List<ExportJob> page(String owner, int page, int size) {
        Sort newest = Sort.descending("createdAt").and("id");
        return (owner == null ? findAll(newest) : find("requestedBy", newest, owner)).page(Page.of(page, size)).list();
    }

    public long count(String owner) {
        return owner == null ? count() : count("requestedBy", owner);
    }
}
