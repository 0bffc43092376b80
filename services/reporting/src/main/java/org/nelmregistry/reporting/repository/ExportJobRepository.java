package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.common.rest.JobStatus;
import org.nelmregistry.reporting.ExportJob;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExportJobRepository implements PanacheRepositoryBase<ExportJob, UUID> {

    /** Marks every export still queued or running as failed with the reason; returns how many. */
    public int failUnfinished(String reason) {
        return update("status = ?1, error = ?2, finishedAt = ?3 where status in ?4",
                JobStatus.FAILED, reason, Instant.now(), List.of(JobStatus.QUEUED, JobStatus.RUNNING));
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
