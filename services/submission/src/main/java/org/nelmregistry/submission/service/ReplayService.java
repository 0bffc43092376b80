package org.nelmregistry.submission.service;

import org.nelmregistry.common.job.JobState;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.Job;
import org.nelmregistry.submission.event.CaseEventOutbox;
import org.nelmregistry.submission.repository.CaseRepository;

import java.util.List;
import java.util.UUID;

/**
 * Re-emits every current (not withdrawn) case through the outbox as a CaseRevised event at its
 * current revision: rebuilds downstream, and re-pseudonymises after a key rotation.
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);
    /** Cases per page (one transaction each); small in the crash test, so that a replay takes long enough to be cut. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "registry.replay.page-size", defaultValue = "200")
    int pageSize;

    @Inject
    CaseRepository cases;
    @Inject
    JobService jobs;
    @Inject
    CaseEventOutbox events;

    public Job start(String actor) {
        int total = QuarkusTransaction.requiringNew().call(() -> cases.count("status", CaseRecord.ACTIVE)).intValue();
        return jobs.start(JobService.REPLAY, null, actor, total, id -> run(id, total));
    }

    void run(UUID jobId, int total) {
        try {
            jobs.running(jobId, 0, total, null);
            int done = 0;
            UUID after = new UUID(0L, 0L); // the smallest uuid in PostgreSQL's (unsigned) order
            while (true) {
                UUID from = after;
                // keyset pages, one transaction each: bounded memory, progress visible
                List<UUID> page = QuarkusTransaction.requiringNew().call(() -> {
                    // rows locked (FOR UPDATE): a withdrawal or revision committed meanwhile is either seen here or
                    // waits, so a replayed event never follows the case's CaseWithdrawn or a newer revision
                    List<CaseRecord> batch = cases.find("status = ?1 and id > ?2 order by id", CaseRecord.ACTIVE, from)
                            .page(0, pageSize).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list();
                    for (CaseRecord c : batch) {
                        events.revised(c, c.data);
                    }
                    return batch.stream().map(c -> c.id).toList();
                });
                if (page.isEmpty()) {
                    break;
                }
                done += page.size();
                after = page.get(page.size() - 1);
                jobs.running(jobId, done, Math.max(total, done), null);
            }
            jobs.progress(jobId, JobState.COMPLETED, done, Math.max(total, done), JsonNodeFactory.instance.objectNode().put("replayed", done));
        } catch (JobService.LeaseLost e) {
            LOG.warnf("replay %s was failed as interrupted while it ran here: it stops", jobId);
        } catch (RuntimeException e) {
            LOG.errorf("replay %s failed: %s", jobId, e.getClass().getSimpleName());
            jobs.progress(jobId, JobState.FAILED, 0, total, JsonNodeFactory.instance.objectNode().put("error", e.getClass().getSimpleName()));
        }
    }
}
