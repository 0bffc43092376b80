package org.nelmregistry.deidentification.event;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.nelmregistry.deidentification.service.Deidentifier;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failing step is repeated until it succeeds; an unprocessable event is not repeated. */
class EventRetryTest {

    @Test
    void aFailingStepIsRepeatedUntilItSucceedsAndTheFailureClears() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventRetry retry = new EventRetry(registry);
        AtomicInteger calls = new AtomicInteger();
        String result = retry.untilDone("test step", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("broker away");
            }
            assertTrue(retry.failingFor().isPresent(), "reported as failing while it is repeated");
            return "sent";
        });
        assertEquals("sent", result);
        assertEquals(3, calls.get());
        assertTrue(retry.failingFor().isEmpty(), "no longer failing once through");
        assertEquals(0.0, registry.get("registry.deidentification.retrying.seconds").gauge().value());
    }

    @Test
    void anUnprocessableEventIsNotRepeated() {
        EventRetry retry = new EventRetry(new SimpleMeterRegistry());
        AtomicInteger calls = new AtomicInteger();
        assertThrows(Deidentifier.Unprocessable.class, () -> retry.untilDone("test step", () -> {
            calls.incrementAndGet();
            throw new Deidentifier.Unprocessable("case body missing");
        }));
        assertEquals(1, calls.get());
    }
}
