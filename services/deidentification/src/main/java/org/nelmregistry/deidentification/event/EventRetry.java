package org.nelmregistry.deidentification.event;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.nelmregistry.deidentification.service.Deidentifier;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs one step of an event's processing until it succeeds, pausing 0.2 s doubling to 10 s
 * between attempts, so a broker or database outage only delays the event and the ones behind it
 * (order is kept, the offset is acknowledged afterwards). Failing the message instead would be
 * worse either way: a nack under the connector's {@code fail} strategy closes the consumer for
 * good (readiness {@code caseevents [KO]} until a restart), and skipping it loses the event.
 * An unprocessable event is not retried: it goes to the dead-letter topic. Nothing from the
 * exception but its class is logged (a message could quote identifiers).
 */
@ApplicationScoped
public class EventRetry {

    private static final Logger LOG = Logger.getLogger(EventRetry.class);
    private static final long FIRST_PAUSE_MS = 200;
    private static final long MAX_PAUSE_MS = 10_000;

    private volatile boolean stopping;
    private final AtomicLong failingSince = new AtomicLong();
    private final AtomicInteger attempts = new AtomicInteger();

    @Inject
    EventRetry(MeterRegistry registry) {
        Gauge.builder("registry.deidentification.retrying.seconds", this,
                r -> r.failingFor().map(d -> d.toMillis() / 1000.0).orElse(0.0))
                .description("how long the event being processed has been failing (0 when none is)").register(registry);
    }

    void onStop(@Observes ShutdownEvent e) {
        stopping = true;
    }

    /** The step's result once it succeeds; rethrows {@link Deidentifier.Unprocessable}, and anything while shutting down. */
    public <T> T untilDone(String step, Supplier<T> work) {
        long pause = FIRST_PAUSE_MS;
        int failures = 0;
        while (true) {
            try {
                T result = work.get();
                if (failures > 0) {
                    LOG.infof("%s succeeded after %d failed attempts", step, failures);
                    failingSince.set(0);
                    attempts.set(0);
                }
                return result;
            } catch (Deidentifier.Unprocessable e) {
                throw e;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e; // not acknowledged: the event comes again after the restart
                }
                failures++;
                attempts.incrementAndGet();
                failingSince.compareAndSet(0, System.currentTimeMillis());
                if (failures == 1 || failures % 10 == 0) {
                    LOG.warnf("%s failed (%s), attempt %d; retrying (the event waits, nothing is skipped)", step,
                            causes(e), failures);
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, MAX_PAUSE_MS);
            }
        }
    }

    public void untilDone(String step, Runnable work) {
        untilDone(step, () -> {
            work.run();
            return null;
        });
    }

    /** How long the current event has been failing, if it is. */
    public Optional<Duration> failingFor() {
        long since = failingSince.get();
        return since == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(System.currentTimeMillis() - since));
    }

    public int failedAttempts() {
        return attempts.get();
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        Throwable c = e.getCause();
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) {
            sb.append(" <- ").append(c.getClass().getSimpleName());
        }
        return sb.toString();
    }
}
