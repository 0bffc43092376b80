package org.nelmregistry.submission.repository;

import org.nelmregistry.common.rest.JobStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.Job;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID> {

    /** A queued job leased to {@code owner}, committed at once so that its progress can be polled. */
    public Job open(String kind, String centreId, String actor, int total, String owner) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job j = new Job();
            j.id = UUID.randomUUID();
            j.kind = kind;
            j.status = JobStatus.QUEUED;
            j.centreId = centreId;
            j.createdBy = actor;
            j.createdAt = Instant.now();
            j.total = total;
            j.owner = owner;
            persist(j); // heartbeat_at: the database's now()
            return j;
        });
    }

    /**
     * Records progress in its own transaction (visible while the job runs). A job that is already
     * finished stays as it is: one failed as orphaned while its instance stalled is not brought back.
     */
    public void progress(UUID id, String status, int done, int total, String summary) {
        QuarkusTransaction.requiringNew().run(() -> {
            // locked: a recovery failing the job meanwhile is seen, not overwritten by this full-row update
            Job j = findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (j.finishedAt != null) {
                return;
            }
            j.status = status;
            j.done = done;
            j.total = total;
            if (summary != null) {
                j.summary = summary;
            }
            if (JobStatus.COMPLETED.equals(status) || JobStatus.FAILED.equals(status)) {
                j.finishedAt = Instant.now();
            }
        });
    }

    /** Renews the leases of these jobs (the owner's running jobs); returns how many rows it touched. */
    public int heartbeat(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery("UPDATE jobs SET heartbeat_at = now() WHERE id IN (:ids)"
                + " AND status IN ('queued', 'running')").setParameter("ids", ids).executeUpdate();
    }

    /**
     * Fails every queued or running job whose lease expired (no heartbeat for {@code timeout}, by the
     * database clock, or none at all), adding the reason to its summary; returns their ids. Live jobs
     * of any instance are left alone. SKIP LOCKED: two instances recovering at once fail each job once.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> failExpired(Duration timeout, String reason) {
        return getEntityManager().createNativeQuery("""
                UPDATE jobs SET status = 'failed', finished_at = now(),
                       summary = summary || jsonb_build_object('error', CAST(:reason AS text))
                WHERE id IN (SELECT id FROM jobs WHERE status IN ('queued', 'running')
                             AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => :secs))
                             FOR UPDATE SKIP LOCKED)
                RETURNING id""", UUID.class).setParameter("reason", reason)
                .setParameter("secs", timeout.toMillis() / 1000.0).getResultList();
    }
}
