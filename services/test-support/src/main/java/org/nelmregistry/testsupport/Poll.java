package org.nelmregistry.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition by polling (never by a fixed sleep), up to a limit. */
public final class Poll {

    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private Poll() {
    }

    /** Polls {@code value} until {@code done} accepts it; returns it, or fails with {@code what}. */
    public static <T> T until(String what, Duration limit, Supplier<T> value, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = value.get();
                if (done.test(last)) {
                    return last;
                }
                lastError = null;
            } catch (RuntimeException | AssertionError e) {
                lastError = e instanceof RuntimeException re ? re : new RuntimeException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        AssertionError err = new AssertionError("waited " + limit.toSeconds() + "s for " + what + "; last value: " + last);
        if (lastError != null) {
            err.initCause(lastError);
        }
        throw err;
    }

    public static <T> T until(String what, Supplier<T> value, java.util.function.Predicate<T> done) {
        return until(what, DEFAULT, value, done);
    }
}
