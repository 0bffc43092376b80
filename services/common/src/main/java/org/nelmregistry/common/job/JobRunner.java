package org.nelmregistry.common.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one job mechanism (imports, replays, rebuilds, exports): runs job bodies on a bounded pool
 * ({@code registry.jobs.max-concurrent} at once, the rest wait queued), holds each job's lease
 * while it waits or runs — its heartbeat renewed every {@code registry.jobs.heartbeat-interval}
 * in whichever {@link LeasedJobs} table holds it — and, at start-up and every
 * {@code registry.jobs.recovery-interval}, fails every job of the service's tables whose lease
 * expired ({@code registry.jobs.lease-timeout}): its instance crashed or stopped. A live job of
 * another instance is never touched, so several instances share the tables (docs/scale-out.md).
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    public static final String INTERRUPTED = "interrupted: the instance running the job stopped";

    @Inject
    @Any
    Instance<LeasedJobs> tables;

    @Inject
    jakarta.enterprise.event.Event<JobsInterrupted> interrupted;

    @ConfigProperty(name = "registry.jobs.lease-timeout", defaultValue = "PT1M")
    Duration leaseTimeout;
    @ConfigProperty(name = "registry.jobs.max-concurrent", defaultValue = "2")
    int maxConcurrent;

    private final LeaseHolder holder = new LeaseHolder();
    private volatile ExecutorService pool;

    /** This process, as named in the leases it holds (the {@code owner} of the jobs it opens). */
    public String instance() {
        return holder.instance();
    }

    /**
     * Runs the body of a job this instance just opened (owner = {@link #instance()}) on the bounded
     * pool; its lease is held from now until the body ends, however it ends.
     */
    public void submit(UUID id, Runnable body) {
        holder.hold(id);
        try {
            pool().execute(() -> holder.run(id, body));
        } catch (RuntimeException e) {
            holder.release(id);
            throw e;
        }
    }

    /** How long a job may go without a heartbeat before any instance fails it as interrupted. */
    public Duration leaseTimeout() {
        return leaseTimeout;
    }

    /** Whether this instance holds the job's lease (it waits or runs here). */
    public boolean holds(UUID id) {
        return holder.held().contains(id);
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "registry-job-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    void onStop(@Observes ShutdownEvent event) {
        ExecutorService p = pool;
        if (p != null) {
            p.shutdownNow(); // the unfinished jobs lose their lease and are failed by the next recovery
        }
    }

    @Scheduled(every = "${registry.jobs.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void heartbeat() {
        List<UUID> ids = holder.held();
        if (ids.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> tables.forEach(t -> t.heartbeat(ids)));
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

    /** Fails the jobs whose lease expired (their instance is gone), in every job table; returns their ids. */
    public List<UUID> recover() {
        List<UUID> failed = new ArrayList<>();
        for (LeasedJobs t : tables) {
            List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
                List<UUID> expired = t.failExpired(leaseTimeout, INTERRUPTED);
                if (!expired.isEmpty()) {
                    t.interrupted(expired);
                }
                return expired;
            });
            if (!ids.isEmpty()) {
                failed.addAll(ids);
                try {
                    interrupted.fire(new JobsInterrupted(t.jobs().name(), ids));
                } catch (RuntimeException e) {
                    // clean-up outside the database (e.g. files) only: the failures stand, recovery goes on
                    LOG.warnf("clean-up after interrupted jobs failed: %s", e.getClass().getSimpleName());
                }
            }
        }
        if (!failed.isEmpty()) {
            LOG.warnf("%d job(s) whose instance stopped while they ran marked failed: %s", failed.size(), failed);
        }
        return failed;
    }
}
