package org.nelmregistry.common.job;

import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A table of jobs with leases (the columns of {@link LeasedJob}) and a way to record a failure's
 * reason. Each service's job repository implements it by naming its {@link Table}; the SQL of
 * leases and progress is written here once, and {@link JobRunner} renews and recovers every such
 * table of the service.
 */
public interface LeasedJobs {

    /**
     * A job table: its name, and the SET assignment that records {@code :reason} on a failed job
     * (a column, or a member of a JSON summary).
     */
    record Table(String name, String failureReason) {
    }

    Table jobs();

    /** The default persistence unit's entity manager (the transaction's). */
    default EntityManager jobEntityManager() {
        return io.quarkus.arc.Arc.container().instance(EntityManager.class).get();
    }

    private String jobTable() {
        return jobs().name();
    }

    private String failureReason() {
        return jobs().failureReason();
    }

    /**
     * Called in the transaction that failed these jobs as interrupted, so that what such a job
     * leaves in the database goes with its failure, atomically (nothing by default).
     */
    default void interrupted(List<UUID> ids) {
    }

    /** Renews the leases of these jobs (the owner's unfinished ones); returns how many rows it touched. */
    default int heartbeat(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jobEntityManager().createNativeQuery("UPDATE " + jobTable() + " SET heartbeat_at = now() WHERE id IN (:ids)"
                + " AND status IN ('queued', 'running')").setParameter("ids", ids).executeUpdate();
    }

    /**
     * Fails every queued or running job whose lease expired (no heartbeat for {@code timeout} by the
     * database clock, or no lease at all) with the reason; returns their ids. Live jobs of any
     * instance are left alone; SKIP LOCKED: two instances recovering at once fail each job once.
     */
    @SuppressWarnings("unchecked")
    default List<UUID> failExpired(Duration timeout, String reason) {
        return jobEntityManager().createNativeQuery("UPDATE " + jobTable() + " SET status = 'failed', finished_at = now(), "
                + failureReason() + " WHERE id IN (SELECT id FROM " + jobTable() + " WHERE status IN ('queued', 'running')"
                + " AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => :secs)) FOR UPDATE SKIP LOCKED)"
                + " RETURNING id", UUID.class)
                .setParameter("reason", reason).setParameter("secs", timeout.toMillis() / 1000.0).getResultList();
    }

    /**
     * Records progress (and the end, for a finished state) in the caller's transaction. A job that
     * already finished stays as it is — one failed as orphaned while its instance stalled is not
     * brought back; returns whether the row was updated. The row lock of the UPDATE orders it
     * against a concurrent recovery. A negative {@code total} keeps the one recorded.
     */
    default boolean progress(UUID id, JobState state, long done, long total) {
        return jobEntityManager().createNativeQuery("UPDATE " + jobTable() + " SET status = :status, done = :done,"
                + " total = CASE WHEN :total < 0 THEN total ELSE :total END,"
                + " finished_at = CASE WHEN :finished THEN now() ELSE finished_at END WHERE id = :id AND finished_at IS NULL")
                .setParameter("status", state.wire()).setParameter("done", done).setParameter("total", total)
                .setParameter("finished", state.finished()).setParameter("id", id).executeUpdate() == 1;
    }

    /** Ends an unfinished job as failed with the reason; returns whether it was unfinished. */
    default boolean fail(UUID id, String reason) {
        return jobEntityManager().createNativeQuery("UPDATE " + jobTable() + " SET status = 'failed', finished_at = now(), "
                + failureReason() + " WHERE id = :id AND finished_at IS NULL")
                .setParameter("reason", reason).setParameter("id", id).executeUpdate() == 1;
    }
}
