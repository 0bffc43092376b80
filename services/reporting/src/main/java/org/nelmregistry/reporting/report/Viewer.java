package org.nelmregistry.reporting.report;

/**
 * Who is asking: protected (steering-committee, registry-admin, centre-lead for other centres) or not
 * (analyst, data-manager); ownCentre set for a centre-lead (its own centre is shown exactly).
 */
public record Viewer(boolean protectedView, String ownCentre) {

    public static final Viewer EXACT = new Viewer(false, null);
    public static final Viewer STEERING = new Viewer(true, null);

    public static Viewer centreLead(String centre) {
        return new Viewer(true, centre);
    }

    /** True when this viewer sees the given centre's numbers exactly. */
    public boolean exactFor(String centreId) {
        return !protectedView || (ownCentre != null && ownCentre.equals(centreId));
    }
}
