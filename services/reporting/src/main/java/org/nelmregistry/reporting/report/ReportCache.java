package org.nelmregistry.reporting.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Computed reports kept per analytic-store version: a report is a pure function of the store's content, the
 * viewer and the request's parameters, so the same key gives the same result (and the same bytes). Any write to
 * the store moves the version (statement triggers, V4 migration), so a stale entry is never served; entries of
 * older versions are dropped as soon as a newer one is stored. Least recently used entries go beyond
 * {@code capacity}. Two identical requests arriving together may both compute; the second result replaces the first.
 */
public final class ReportCache {

    /** What a result depends on: the store version, the report, the viewer and the parsed parameters. */
    public record Key(long version, String report, Viewer viewer, Object parameters) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, Object> entries;
    private long newest = Long.MIN_VALUE;

    public ReportCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
                return size() > ReportCache.this.capacity;
            }
        };
    }

    /** The cached result of {@code key}, else computed (outside the lock), stored and returned. */
    @SuppressWarnings("unchecked")
    public <T> T get(Key key, Supplier<T> compute) {
        if (capacity <= 0) {
            return compute.get();
        }
        synchronized (this) {
            Object hit = entries.get(key);
            if (hit != null) {
                return (T) hit;
            }
        }
        T result = compute.get();
        synchronized (this) {
            if (key.version() > newest) {
                newest = key.version();
                entries.keySet().removeIf(k -> k.version() < newest);
            }
            if (key.version() == newest && result != null) {
                entries.put(key, result);
            }
        }
        return result;
    }

    public synchronized int size() {
        return entries.size();
    }
}
