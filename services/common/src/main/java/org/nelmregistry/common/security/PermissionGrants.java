package org.nelmregistry.common.security;

import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.Permission;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives an authenticated identity the permissions its realm roles grant in
 * {@link RolePermissions}, so that {@code @PermissionsAllowed("case:read")} on an endpoint is
 * decided by that one table.
 */
@ApplicationScoped
public class PermissionGrants implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        List<Permission> granted = new ArrayList<>();
        for (String role : identity.getRoles()) {
            for (String p : RolePermissions.of(role)) {
                granted.add(toStringPermission(p));
            }
        }
        if (granted.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addPermissionChecker(required -> Uni.createFrom().item(granted.stream().anyMatch(g -> g.implies(required))))
                .build());
    }

    /** {@code "case:read"} as Quarkus reads it in {@code @PermissionsAllowed}: name {@code case}, action {@code read}. */
    static StringPermission toStringPermission(String permission) {
        int colon = permission.indexOf(':');
        return colon < 0 ? new StringPermission(permission)
                : new StringPermission(permission.substring(0, colon), permission.substring(colon + 1));
    }
}
