package org.nelmregistry.common.security;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operations of the platform, as permissions ({@code resource:action}). Endpoints declare
 * one with {@code @PermissionsAllowed}; code that varies what it shows asks
 * {@link Caller#can(String)}. Which realm role grants which permission is decided in one place,
 * {@link RolePermissions}.
 */
public final class Permissions {

    public static final String CASE_READ = "case:read";
    public static final String CASE_WRITE = "case:write";
    /** Sees identifying fields of its centre's cases (never granted outside the centre roles). */
    public static final String CASE_IDENTITIES = "case:identities";
    public static final String IMPORT_RUN = "import:run";
    public static final String QUERY_READ = "query:read";
    public static final String QUERY_RAISE = "query:raise";
    public static final String QUERY_ANSWER = "query:answer";
    public static final String QUERY_CLOSE = "query:close";
    public static final String QUALITY_READ = "quality:read";
    /** Reads every centre's data; without it a caller is held to its token's centre ({@link CentreScope}). */
    public static final String CENTRES_ALL = "centres:all";
    public static final String AUDIT_READ = "audit:read";
    public static final String REPLAY_RUN = "replay:run";
    public static final String KEYS_READ = "keys:read";
    public static final String KEYS_ROTATE = "keys:rotate";
    public static final String POLICY_READ = "policy:read";
    public static final String RISK_ASSESS = "risk:assess";
    /** Aggregates without small-number suppression (ARCHITECTURE.md, "Unsuppressed roles"). */
    public static final String AGGREGATES_UNSUPPRESSED = "aggregates:unsuppressed";
    public static final String REPORT_READ = "report:read";
    public static final String REPORT_MY_CENTRE = "report:my-centre";
    public static final String FREEZE_READ = "freeze:read";
    public static final String FREEZE_CREATE = "freeze:create";
    public static final String REBUILD_RUN = "rebuild:run";
    public static final String EXPORT_CREATE = "export:create";
    public static final String EXPORT_READ = "export:read";
    /** Sees every analyst's exports, not only its own. */
    public static final String EXPORT_READ_ALL = "export:read-all";
    public static final String EXPORT_DOWNLOAD = "export:download";

    private Permissions() {
    }

    /** Every permission declared above. */
    public static Set<String> all() {
        Set<String> out = new TreeSet<>();
        for (Field f : Permissions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    out.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
