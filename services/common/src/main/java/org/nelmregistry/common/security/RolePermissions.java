package org.nelmregistry.common.security;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import static org.nelmregistry.common.security.Permissions.*;

/**
 * The one table of which realm role grants which permission (docs/architecture.md,
 * "Permissions", shows the same table; RolePermissionsTest keeps the two equal). Nothing else in
 * the code names a role when deciding what a caller may do.
 */
public final class RolePermissions {

    private static final Set<String> CENTRE_USER = Set.of(CASE_READ, CASE_WRITE, CASE_IDENTITIES, IMPORT_RUN,
            QUERY_READ, QUERY_ANSWER, QUALITY_READ);

    static final Map<String, Set<String>> GRANTS = Map.of(
            Caller.CENTRE_SUBMITTER, CENTRE_USER,
            Caller.CENTRE_LEAD, union(CENTRE_USER, Set.of(REPORT_READ, REPORT_MY_CENTRE, FREEZE_READ)),
            Caller.DATA_MANAGER, Set.of(CASE_READ, CENTRES_ALL, QUERY_READ, QUERY_RAISE, QUERY_CLOSE, QUALITY_READ,
                    AGGREGATES_UNSUPPRESSED, POLICY_READ, RISK_ASSESS, REPORT_READ, FREEZE_READ, FREEZE_CREATE),
            Caller.STEERING, Set.of(CENTRES_ALL, POLICY_READ, REPORT_READ, FREEZE_READ),
            Caller.ANALYST, Set.of(CENTRES_ALL, AGGREGATES_UNSUPPRESSED, POLICY_READ, RISK_ASSESS, REPORT_READ, FREEZE_READ,
                    EXPORT_CREATE, EXPORT_READ, EXPORT_DOWNLOAD),
            Caller.ADMIN, Set.of(CENTRES_ALL, AUDIT_READ, REPLAY_RUN, KEYS_READ, KEYS_ROTATE, POLICY_READ, RISK_ASSESS,
                    QUALITY_READ, REPORT_READ, FREEZE_READ, FREEZE_CREATE, REBUILD_RUN, EXPORT_READ, EXPORT_READ_ALL));

    private RolePermissions() {
    }

    /** The permissions a role grants (none for a role the platform does not know). */
    public static Set<String> of(String role) {
        return GRANTS.getOrDefault(role, Set.of());
    }

    /** Whether any of these roles grants the permission. */
    public static boolean granted(Collection<String> roles, String permission) {
        for (String role : roles) {
            if (of(role).contains(permission)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a caller with these roles is held to the centre of its token: when it sees a centre's
     * identities (a centre role), whatever else it holds — identities never cross centres — or when
     * nothing lifts the scope ({@code centres:all}).
     */
    public static boolean heldToOwnCentre(Collection<String> roles) {
        return granted(roles, CASE_IDENTITIES) || !granted(roles, CENTRES_ALL);
    }

    /** The roles of the table. */
    public static Set<String> roles() {
        return GRANTS.keySet();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
