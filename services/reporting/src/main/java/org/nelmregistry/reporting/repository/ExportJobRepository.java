package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.common.rest.JobStatus;
import org.nelmregistry.reporting.ExportJob;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExportJobRepository implements PanacheRepositoryBase<ExportJob, UUID> {

    /** Renews the leases of these jobs (the owner's running jobs); returns how many rows it touched. */
    public int heartbeat(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery("UPDATE export_jobs SET heartbeat_at = now() WHERE id IN (:ids)"
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
                UPDATE export_jobs SET status = 'failed', error = :reason, finished_at = now()
                WHERE id IN (SELECT id FROM export_jobs WHERE status IN ('queued', 'running')
                             AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => :secs))
                             FOR UPDATE SKIP LOCKED)
                RETURNING id""", UUID.class).setParameter("reason", reason)
                .setParameter("secs", timeout.toMillis() / 1000.0).getResultList();
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
