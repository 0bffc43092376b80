package org.nelmregistry.deidentification.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Not ready while one event has been failing for more than 30 s (e.g. the broker or the database
 * is away): the consumer keeps retrying it and is ready again as soon as it goes through, without
 * a restart. Replaces the connector's unprocessed-record age check, which closes the consumer for
 * good instead.
 */
@Readiness
@ApplicationScoped
public class EventProgressCheck implements HealthCheck {

    static final Duration STUCK_AFTER = Duration.ofSeconds(30);

    @Inject
    EventRetry retry;

    @Override
    public HealthCheckResponse call() {
        var failing = retry.failingFor().filter(d -> d.compareTo(STUCK_AFTER) > 0);
        return HealthCheckResponse.named("case-event processing").status(failing.isEmpty())
                .withData("failing_seconds", failing.map(Duration::toSeconds).orElse(0L))
                .withData("failed_attempts", retry.failedAttempts()).build();
    }
}
