package org.nelmregistry.reporting.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;

/**
 * What the browser dashboard needs before its user has logged in: where Keycloak is and which
 * public client to use. Public on purpose (no secret in it); the dashboard page itself is static.
 */
@Path("/api/v1/dashboard/config")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dashboard")
public class DashboardConfigResource {

    /** The dashboard's bootstrap settings, snake_case like the rest of the contract. */
    public record DashboardConfig(String authServerUrl, String clientId, int idleTimeoutSeconds, int suppressionMaxHidden) {
    }

    @ConfigProperty(name = "registry.dashboard.auth-server-url")
    String authServerUrl;
    @ConfigProperty(name = "registry.dashboard.client-id", defaultValue = "registry-dashboard")
    String clientId;
    /** Inactivity after which the page forgets its tokens and ends the Keycloak session (ISO-8601, e.g. PT15M). */
    @ConfigProperty(name = "registry.dashboard.idle-timeout", defaultValue = "PT15M")
    Duration idleTimeout;
    @ConfigProperty(name = "registry.suppression.max-hidden", defaultValue = "4")
    int maxHidden;

    @GET
    @Operation(summary = "Keycloak realm URL, OIDC client and session idle timeout for the browser dashboard")
    public DashboardConfig config() {
        // at least 10 s: a zero or negative setting must not sign users out in a loop
        int idleSeconds = (int) Math.max(10, Math.min(Integer.MAX_VALUE, idleTimeout.toSeconds()));
        return new DashboardConfig(authServerUrl, clientId, idleSeconds, maxHidden);
    }
}
