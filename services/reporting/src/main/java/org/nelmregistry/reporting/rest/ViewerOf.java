package org.nelmregistry.reporting.rest;

import org.nelmregistry.common.security.Caller;
import org.nelmregistry.reporting.report.Viewer;

/** The disclosure viewer of a caller (ARCHITECTURE.md, "Disclosure control"). */
final class ViewerOf {

    private ViewerOf() {
    }

    /**
     * Analysts and data managers see exact numbers; every other report reader (steering committee,
     * registry admin, centre lead) gets protected output, a centre lead seeing its own centre exactly.
     */
    static Viewer of(Caller caller) {
        if (caller.has(Caller.ANALYST) || caller.has(Caller.DATA_MANAGER)) {
            return Viewer.EXACT;
        }
        String own = caller.has(Caller.CENTRE_LEAD) ? caller.centre().orElse(null) : null;
        return new Viewer(true, own);
    }
}
