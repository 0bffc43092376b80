package org.nelmregistry.deidentification.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.deidentification.service.DeidentificationPolicy;

/** The de-identification policy in force, derived field by field from the case report form. */
@Path("/api/v1/policy")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    @Inject
    DeidentificationPolicy policy;

    @GET
    @PermissionsAllowed(Permissions.POLICY_READ)
    @Operation(summary = "The de-identification policy: every field of the form with its privacy class and what is released of it",
            description = "Requires policy:read.")
    @APIResponse(responseCode = "200", description = "The policy in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    public PolicyView get() {
        return PolicyView.of(DeidentificationPolicy.VERSION, policy.form());
    }
}
