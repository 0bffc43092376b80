package org.nelmregistry.reporting.report;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ReportCacheTest {

    static ReportCache.Key key(long version, String report) {
        return new ReportCache.Key(version, report, Viewer.STEERING, "params");
    }

    @Test
    void theSameKeyIsComputedOnce() {
        ReportCache cache = new ReportCache(8);
        AtomicInteger computed = new AtomicInteger();
        Object first = cache.get(key(1, "summary"), () -> new Object[] {computed.incrementAndGet()});
        Object second = cache.get(key(1, "summary"), () -> new Object[] {computed.incrementAndGet()});
        assertSame(first, second);
        assertEquals(1, computed.get());
    }

    @Test
    void anotherViewerOrParameterIsAnotherResult() {
        ReportCache cache = new ReportCache(8);
        AtomicInteger computed = new AtomicInteger();
        cache.get(new ReportCache.Key(1, "summary", Viewer.STEERING, "a"), computed::incrementAndGet);
        cache.get(new ReportCache.Key(1, "summary", Viewer.EXACT, "a"), computed::incrementAndGet);
        cache.get(new ReportCache.Key(1, "summary", Viewer.centreLead("C001"), "a"), computed::incrementAndGet);
        cache.get(new ReportCache.Key(1, "summary", Viewer.STEERING, "b"), computed::incrementAndGet);
        cache.get(new ReportCache.Key(1, "funnel", Viewer.STEERING, "a"), computed::incrementAndGet);
        assertEquals(5, computed.get());
    }

    @Test
    void aNewerVersionDropsEveryOlderEntry() {
        ReportCache cache = new ReportCache(8);
        cache.get(key(1, "summary"), () -> "v1 summary");
        cache.get(key(1, "funnel"), () -> "v1 funnel");
        assertEquals(2, cache.size());
        assertEquals("v2 summary", cache.get(key(2, "summary"), () -> "v2 summary"));
        assertEquals(1, cache.size());
        // a request that read the older version before the write still gets an answer, but it is not kept
        assertEquals("late v1", cache.get(key(1, "funnel"), () -> "late v1"));
        assertEquals(1, cache.size());
        assertEquals("v2 summary", cache.get(key(2, "summary"), () -> "recomputed"));
    }

    @Test
    void theLeastRecentlyUsedEntryGoesBeyondCapacity() {
        ReportCache cache = new ReportCache(2);
        cache.get(key(1, "a"), () -> "a");
        cache.get(key(1, "b"), () -> "b");
        cache.get(key(1, "a"), () -> "a again"); // a is now the most recently used
        cache.get(key(1, "c"), () -> "c");
        assertEquals(2, cache.size());
        assertEquals("a", cache.get(key(1, "a"), () -> "a recomputed"));
        assertEquals("b recomputed", cache.get(key(1, "b"), () -> "b recomputed"));
    }

    @Test
    void capacityZeroComputesEveryTime() {
        ReportCache cache = new ReportCache(0);
        AtomicInteger computed = new AtomicInteger();
        cache.get(key(1, "summary"), computed::incrementAndGet);
        cache.get(key(1, "summary"), computed::incrementAndGet);
        assertEquals(2, computed.get());
    }
}
