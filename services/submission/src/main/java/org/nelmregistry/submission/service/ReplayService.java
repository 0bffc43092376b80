package org.nelmregistry.submission.service;

import org.nelmregistry.common.rest.JobStatus;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.Job;
import org.nelmregistry.submission.event.CaseEventOutbox;
import org.nelmregistry.submission.repository.CaseRepository;
import org.nelmregistry.submission.repository.JobRepository;

import java.util.List;
import java.util.UUID;

/**
 * Re-emits every current (not withdrawn) case through the outbox as a CaseRevised event at its
 * current revision: rebuilds downstream, and re-pseudonymises after a key rotation.
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);
    static final int BATCH = 200;

    @Inject
    CaseRepository cases;
    @Inject
    JobRepository jobs;
    @Inject
    CaseEventOutbox events;
    @Inject
    CaseService caseService;
    @Inject
    ManagedExecutor executor;
    @Inject
    JobLeases leases;

    public Job start(String actor) {
        int total = QuarkusTransaction.requiringNew().call(() -> cases.count("status", CaseRecord.ACTIVE)).intValue();
        Job job = leases.open("replay", null, actor, total);
        executor.runAsync(() -> leases.run(job.id, () -> run(job.id, total)));
        return job;
    }

    void run(UUID jobId, int total) {
        try {
            jobs.progress(jobId, JobStatus.RUNNING, 0, total, null);
            int done = 0;
            UUID after = new UUID(0L, 0L); // the smallest uuid in PostgreSQL's (unsigned) order
            while (true) {
                UUID from = after;
                // keyset pages, one transaction each: bounded memory, progress visible
                List<UUID> page = QuarkusTransaction.requiringNew().call(() -> {
                    // rows locked (FOR UPDATE): a withdrawal or revision committed meanwhile is either seen here or
                    // waits, so a replayed event never follows the case's CaseWithdrawn or a newer revision
                    List<CaseRecord> batch = cases.find("status = ?1 and id > ?2 order by id", CaseRecord.ACTIVE, from)
                            .page(0, BATCH).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list();
                    for (CaseRecord c : batch) {
                        ObjectNode data = caseService.parse(c.data);
                        events.revised(c, data);
                    }
                    return batch.stream().map(c -> c.id).toList();
                });
                if (page.isEmpty()) {
                    break;
                }
                done += page.size();
                after = page.get(page.size() - 1);
                jobs.progress(jobId, JobStatus.RUNNING, done, Math.max(total, done), null);
            }
            jobs.progress(jobId, JobStatus.COMPLETED, done, Math.max(total, done), "{\"replayed\": " + done + "}");
        } catch (RuntimeException e) {
            LOG.errorf("replay %s failed: %s", jobId, e.getClass().getSimpleName());
            jobs.progress(jobId, JobStatus.FAILED, 0, total, "{\"error\": \"" + e.getClass().getSimpleName() + "\"}");
        }
    }
}
