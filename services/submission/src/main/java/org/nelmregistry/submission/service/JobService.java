package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.nelmregistry.common.job.JobRunner;
import org.nelmregistry.common.job.JobState;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.submission.Job;
import org.nelmregistry.submission.JobRow;
import org.nelmregistry.submission.Slice;
import org.nelmregistry.submission.repository.JobRepository;
import org.nelmregistry.submission.repository.JobRowRepository;

import java.util.Optional;
import java.util.UUID;

/**
 * The submission side of the common job mechanism: opens import and replay jobs leased to this
 * instance, hands their bodies to {@link JobRunner} (bounded, leases renewed, crashes recovered)
 * and records their progress, each write in its own transaction so that it is visible at once.
 */
@ApplicationScoped
public class JobService {

    public static final String IMPORT = "import";
    public static final String REPLAY = "replay";

    @Inject
    JobRepository jobs;
    @Inject
    JobRowRepository rows;
    @Inject
    JobRunner runner;

    /** Opens a queued job leased to this instance and runs {@code body(jobId)} on the job runner. */
    public Job start(String kind, String centreId, String actor, int total, java.util.function.Consumer<UUID> body) {
        Job j = QuarkusTransaction.requiringNew().call(() -> jobs.open(kind, centreId, actor, total, runner.instance()));
        runner.submit(j.id, () -> body.accept(j.id));
        return j;
    }

    /**
     * Progress, or the end with a finished state; a job failed meanwhile by recovery stays failed,
     * and then this returns false: the job's body stops (its lease was lost).
     */
    public boolean progress(UUID id, JobState state, int done, int total, JsonNode summary) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.progress(id, state, done, total, summary));
    }

    /** The job was failed as interrupted (its lease expired while this instance stalled): its body stops. */
    public static final class LeaseLost extends RuntimeException {
        public LeaseLost() {
            super("the job's lease expired and it was failed; this run stops", null, false, false);
        }
    }

    /** Progress of a running job; throws {@link LeaseLost} when the job was failed meanwhile. */
    public void running(UUID id, int done, int total, JsonNode summary) {
        if (!progress(id, JobState.RUNNING, done, total, summary)) {
            throw new LeaseLost();
        }
    }

    /** A job of this kind (of this centre, when given), or 404. */
    public Job find(String kind, UUID id, Optional<String> centre) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.find(kind, id, centre)).orElseThrow(ProblemException::notFound);
    }

    /** One page of an import's per-row results (in row order), optionally of one outcome. */
    public Slice<JobRow> results(UUID job, String outcome, int page, int size) {
        Paged.check(page, size, Limits.ImportLimits.RESULTS_PAGE);
        return QuarkusTransaction.requiringNew().call(() -> rows.page(job, outcome, page, size));
    }
}
