package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.common.rest.JobStatus;
import org.nelmregistry.reporting.RebuildJob;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RebuildJobRepository implements PanacheRepositoryBase<RebuildJob, UUID> {

    /** Renews the leases of these jobs (the owner's running jobs); returns how many rows it touched. */
    public int heartbeat(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery("UPDATE rebuild_jobs SET heartbeat_at = now() WHERE id IN (:ids)"
                + " AND status IN ('queued', 'running')").setParameter("ids", ids).executeUpdate();
    }

    /**
     * Fails every queued or running job whose lease expired (no heartbeat for {@code timeout} by the
     * database clock, or no lease at all) with the reason; returns their ids. Live jobs of any
     * instance are left alone; SKIP LOCKED: two instances recovering at once fail each job once.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> failExpired(Duration timeout, String reason) {
        return getEntityManager().createNativeQuery("""
                UPDATE rebuild_jobs SET status = 'failed', error = :reason, finished_at = now()
                WHERE id IN (SELECT id FROM rebuild_jobs WHERE status IN ('queued', 'running')
                             AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => :secs))
                             FOR UPDATE SKIP LOCKED)
                RETURNING id""", UUID.class).setParameter("reason", reason)
                .setParameter("secs", timeout.toMillis() / 1000.0).getResultList();
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
        return find("status in ?1 order by createdAt", List.of(JobStatus.QUEUED, JobStatus.RUNNING)).firstResult();
    }
}
