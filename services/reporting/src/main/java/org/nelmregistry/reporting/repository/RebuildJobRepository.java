package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.common.job.JobState;
import org.nelmregistry.common.job.LeasedJobs;
import org.nelmregistry.reporting.RebuildJob;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
/** Rebuild jobs; leases and progress are the common mechanism's ({@link LeasedJobs}). */
public class RebuildJobRepository implements PanacheRepositoryBase<RebuildJob, UUID>, LeasedJobs {

    private static final Table TABLE = new Table("rebuild_jobs", "error = :reason");

    @Override
    public Table jobs() {
        return TABLE;
    }

    /**
     * Serialises rebuild starts across instances until the caller's transaction ends (a transaction-level
     * advisory lock): the second of two concurrent requests then sees the first one's job and joins it.
     */
    public void lockStarts() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('reporting.rebuild-start'))").getSingleResult();
    }

    /** The rebuild still queued or running, if any (at most one: a unique index). */
    public RebuildJob unfinished() {
        return find("status in ?1 order by createdAt", List.of(JobState.QUEUED, JobState.RUNNING)).firstResult();
    }
}
