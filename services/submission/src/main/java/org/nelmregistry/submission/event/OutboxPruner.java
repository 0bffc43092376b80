package org.nelmregistry.submission.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.nelmregistry.submission.repository.OutboxRepository;

import java.time.Duration;
import java.time.Instant;

/**
 * A published outbox row still holds the full identifiable case. Once the broker has it, the
 * row is only needed as long as the topic keeps the event (its retention: 7 days for
 * registry.case-events.v1), so rows published longer ago than {@code registry.outbox.retention}
 * are deleted. Unpublished rows are never touched. Counter: {@code registry_outbox_pruned_total}.
 */
@ApplicationScoped
public class OutboxPruner {

    private static final Logger LOG = Logger.getLogger(OutboxPruner.class);

    @Inject
    OutboxRepository outbox;

    @ConfigProperty(name = "registry.outbox.retention", defaultValue = "P7D")
    Duration retention;

    private final Counter pruned;

    @Inject
    OutboxPruner(MeterRegistry registry) {
        pruned = Counter.builder("registry.outbox.pruned")
                .description("published outbox rows deleted after the case-events retention").register(registry);
    }

    @Scheduled(every = "${registry.outbox.prune-interval:1h}", delayed = "${registry.outbox.prune-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.warnf("outbox pruning failed: %s (retried at the next run)", e.getClass().getSimpleName());
        }
    }

    /** Deletes the rows published before now minus the retention; returns how many. */
    public long prune() {
        long n = outbox.deletePublishedBefore(Instant.now().minus(retention));
        pruned.increment(n);
        if (n > 0) {
            LOG.debugf("pruned %d published outbox rows", n);
        }
        return n;
    }

    public double prunedSoFar() {
        return pruned.count();
    }
}
