package org.nelmregistry.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.nelmregistry.common.rest.ProblemException;

import java.util.Optional;

/**
 * Who is calling: what its realm roles permit ({@link RolePermissions}) and the centre from its
 * {@code centre_id} claim. The role names are the realm's; only {@link RolePermissions} maps them.
 */
@RequestScoped
public class Caller {

    public static final String CENTRE_SUBMITTER = "centre-submitter";
    public static final String CENTRE_LEAD = "centre-lead";
    public static final String DATA_MANAGER = "data-manager";
    public static final String STEERING = "steering-committee";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "registry-admin";
    public static final String CENTRE_ID_CLAIM = "centre_id";

    @Inject
    SecurityIdentity identity;

    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /** Whether the caller is held to its token's centre ({@link RolePermissions#heldToOwnCentre}). */
    public boolean heldToOwnCentre() {
        return identity.isAnonymous() || RolePermissions.heldToOwnCentre(identity.getRoles());
    }

    /** Whether the caller's roles grant the permission ({@link RolePermissions}, the one table). */
    public boolean can(String permission) {
        return !identity.isAnonymous() && RolePermissions.granted(identity.getRoles(), permission);
    }

    /** The token's centre, if any. */
    public Optional<String> centre() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object c = jwt.getClaim(CENTRE_ID_CLAIM);
            if (c != null && !c.toString().isBlank()) {
                return Optional.of(c.toString());
            }
        }
        Object attr = identity.getAttribute(CENTRE_ID_CLAIM);
        return attr == null ? Optional.empty() : Optional.of(attr.toString());
    }

    /** The centre of a centre user; 403 problem when the token has none. */
    public String requireCentre() {
        return centre().orElseThrow(() -> ProblemException.forbidden("the token carries no centre_id claim"));
    }
}
