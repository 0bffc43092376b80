package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.common.rest.JobStatus;
import org.nelmregistry.reporting.RebuildJob;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RebuildJobRepository implements PanacheRepositoryBase<RebuildJob, UUID> {

    /** Marks every job still queued or running as failed with the reason; returns how many. */
    public int failUnfinished(String reason) {
        return update("status = ?1, error = ?2, finishedAt = ?3 where status in ?4",
                JobStatus.FAILED, reason, Instant.now(), List.of(JobStatus.QUEUED, JobStatus.RUNNING));
    }
}
