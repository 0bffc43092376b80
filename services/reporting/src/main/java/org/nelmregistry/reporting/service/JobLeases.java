package org.nelmregistry.reporting.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.nelmregistry.common.job.LeaseHolder;
import org.nelmregistry.reporting.repository.ExportJobRepository;
import org.nelmregistry.reporting.repository.RebuildJobRepository;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Leases of the jobs (rebuilds, exports) this instance runs, so that several instances can share the
 * job tables: a job runs only on the instance that took its request, which renews the job's
 * heartbeat every {@code registry.jobs.heartbeat-interval} while it runs. A queued or running job
 * whose heartbeat is older than {@code registry.jobs.lease-timeout} was cut off by a crash or a stop
 * of its instance: RebuildService and ExportService fail it with the reason, at start-up and every
 * {@code registry.jobs.recovery-interval}. A live job of another instance is never touched (before
 * leases, a starting instance failed every running job, which kills a healthy one when two run).
 */
@ApplicationScoped
public class JobLeases {

    private static final Logger LOG = Logger.getLogger(JobLeases.class);

    @Inject
    RebuildJobRepository rebuilds;
    @Inject
    ExportJobRepository exports;

    @ConfigProperty(name = "registry.jobs.lease-timeout", defaultValue = "PT1M")
    Duration leaseTimeout;

    private final LeaseHolder holder = new LeaseHolder();

    /** This process, as named in the leases it holds. */
    public String instance() {
        return holder.instance();
    }

    public Duration timeout() {
        return leaseTimeout;
    }

    /** A job just opened by this instance (owner = {@link #instance()}): its heartbeat starts now. */
    public void hold(UUID id) {
        holder.hold(id);
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
            QuarkusTransaction.requiringNew().run(() -> {
                rebuilds.heartbeat(ids);
                exports.heartbeat(ids);
            });
        } catch (RuntimeException e) {
            LOG.warnf("job heartbeat failed: %s (retried at the next beat)", e.getClass().getSimpleName());
        }
    }
}
