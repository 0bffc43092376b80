package org.nelmregistry.submission.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.nelmregistry.common.job.LeaseHolder;
import org.nelmregistry.submission.repository.JobRepository;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Leases of the jobs (imports, replays) this instance runs, so that several instances can share one
 * jobs table: a job runs only on the instance that took its request, which renews the job's
 * heartbeat every {@code registry.jobs.heartbeat-interval} while it runs. A queued or running job
 * whose heartbeat is older than {@code registry.jobs.lease-timeout} was cut off by a crash or a
 * stop of its instance: any instance fails it with the reason, at start-up and every
 * {@code registry.jobs.recovery-interval}. A live job of another instance is never touched (before
 * leases, a starting instance failed every running job, which kills a healthy one when two run).
 */
@ApplicationScoped
public class JobLeases {

    private static final Logger LOG = Logger.getLogger(JobLeases.class);
    static final String INTERRUPTED = "interrupted: the instance running the job stopped";

    @Inject
    JobRepository jobs;

    @ConfigProperty(name = "registry.jobs.lease-timeout", defaultValue = "PT1M")
    Duration leaseTimeout;

    private final LeaseHolder holder = new LeaseHolder();

    /** This process, as named in the leases it holds. */
    public String instance() {
        return holder.instance();
    }

    /** Opens a queued job leased to this instance; {@link #run} then runs its body. */
    public org.nelmregistry.submission.Job open(String kind, String centreId, String actor, int total) {
        org.nelmregistry.submission.Job j = jobs.open(kind, centreId, actor, total, holder.instance());
        holder.hold(j.id);
        return j;
    }

    /** Runs a job's body holding its lease; the lease lapses when the body ends, however it ends. */
    public void run(UUID id, Runnable body) {
        holder.run(id, body);
    }

    @Scheduled(every = "${registry.jobs.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void heartbeat() {
        List<UUID> ids = holder.held();
        if (ids.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> jobs.heartbeat(ids));
        } catch (RuntimeException e) {
            LOG.warnf("job heartbeat failed: %s (retried at the next beat)", e.getClass().getSimpleName());
        }
    }

    void onStart(@Observes StartupEvent event) {
        recover();
    }

    @Scheduled(every = "${registry.jobs.recovery-interval:30s}", delayed = "${registry.jobs.recovery-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            recover();
        } catch (RuntimeException e) {
            LOG.warnf("job recovery failed: %s (retried at the next run)", e.getClass().getSimpleName());
        }
    }

    /** Fails the jobs whose lease expired (their instance is gone); returns their ids. */
    public List<UUID> recover() {
        List<UUID> failed = QuarkusTransaction.requiringNew().call(() -> jobs.failExpired(leaseTimeout, INTERRUPTED));
        if (!failed.isEmpty()) {
            LOG.warnf("%d job(s) whose instance stopped while they ran marked failed: %s", failed.size(), failed);
        }
        return failed;
    }
}
