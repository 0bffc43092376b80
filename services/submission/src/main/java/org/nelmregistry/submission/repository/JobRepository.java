package org.nelmregistry.submission.repository;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.common.job.JobState;
import org.nelmregistry.common.job.LeasedJobs;
import org.nelmregistry.submission.Job;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Import and replay jobs; leases and progress are the common mechanism's ({@link LeasedJobs}). */
@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID>, LeasedJobs {

    private static final Table TABLE = new Table("jobs", "summary = summary || jsonb_build_object('error', CAST(:reason AS text))");

    @Override
    public Table jobs() {
        return TABLE;
    }

    /** A queued job leased to {@code owner} (heartbeat_at: the database's now()), in the caller's transaction. */
    public Job open(String kind, String centreId, String actor, int total, String owner) {
        Job j = new Job();
        j.id = UUID.randomUUID();
        j.kind = kind;
        j.status = JobState.QUEUED;
        j.centreId = centreId;
        j.createdBy = actor;
        j.createdAt = Instant.now();
        j.total = total;
        j.owner = owner;
        persist(j);
        return j;
    }

    /** Progress as {@link LeasedJobs#progress}, with the job's summary replaced when one is given. */
    public boolean progress(UUID id, JobState state, int done, int total, JsonNode summary) {
        boolean updated = progress(id, state, done, total);
        if (updated && summary != null) {
            getEntityManager().createNativeQuery("UPDATE jobs SET summary = CAST(:s AS jsonb) WHERE id = :id")
                    .setParameter("s", summary.toString()).setParameter("id", id).executeUpdate();
        }
        return updated;
    }

    /** A job of this kind, if it exists and (with a centre) belongs to that centre. */
    public Optional<Job> find(String kind, UUID id, Optional<String> centre) {
        return findByIdOptional(id).filter(j -> kind.equals(j.kind) && centre.map(c -> c.equals(j.centreId)).orElse(true));
    }
}
