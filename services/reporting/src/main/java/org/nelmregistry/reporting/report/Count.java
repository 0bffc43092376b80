package org.nelmregistry.reporting.report;

/** {@code {"count": 7, "suppressed": false}} or {@code {"count": null, "suppressed": true}}. */
public record Count(Integer count, boolean suppressed) {

    public static Count shown(int n) {
        return new Count(n, false);
    }

    public static final Count HIDDEN = new Count(null, true);
}
