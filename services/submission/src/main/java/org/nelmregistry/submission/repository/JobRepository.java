package org.nelmregistry.submission.repository;

import org.nelmregistry.common.rest.JobStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.Job;

import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID> {

    /** A queued job, committed at once so that its progress can be polled. */
    public Job open(String kind, String centreId, String actor, int total) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job j = new Job();
            j.id = UUID.randomUUID();
            j.kind = kind;
            j.status = JobStatus.QUEUED;
            j.centreId = centreId;
            j.createdBy = actor;
            j.createdAt = Instant.now();
            j.total = total;
            persist(j);
            return j;
        });
    }

    /** Records progress in its own transaction (visible while the job runs). */
    public void progress(UUID id, String status, int done, int total, String summary) {
        QuarkusTransaction.requiringNew().run(() -> {
            Job j = findById(id);
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
}
