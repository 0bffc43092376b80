package org.nelmregistry.reporting.rest;

import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.reporting.report.Viewer;

/** The disclosure viewer of a caller (ARCHITECTURE.md, "Disclosure control"). */
final class ViewerOf {

    private ViewerOf() {
    }

    /**
     * Callers granted unsuppressed aggregates (analysts, data managers) see exact numbers; every other
     * report reader gets protected output, one with its own centre's report seeing that centre exactly.
     */
    static Viewer of(Caller caller) {
        if (caller.can(Permissions.AGGREGATES_UNSUPPRESSED)) {
            return Viewer.EXACT;
        }
        // a centre lead whose token lacks a centre still gets the protected reports (none of them exact)
        String own = caller.can(Permissions.REPORT_MY_CENTRE) ? caller.centre().orElse(null) : null;
        return new Viewer(true, own);
    }
}
