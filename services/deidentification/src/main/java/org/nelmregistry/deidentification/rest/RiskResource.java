package org.nelmregistry.deidentification.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.deidentification.service.RiskReport;
import org.nelmregistry.deidentification.service.RiskService;

/**
 * Release risk over every record this service has released, for chosen quasi-identifiers.
 * Callers with aggregates:unsuppressed (analysts, data managers) see exact class sizes; others
 * (a registry administrator) get protected output (small classes withheld, see RiskService).
 */
@Path("/api/v1/risk")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RiskResource {

    @Inject
    RiskService risk;
    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed(Permissions.RISK_ASSESS)
    @Operation(summary = "Release risk (k-anonymity) of the released records",
            description = "Requires risk:assess. Class sizes of 1-4 and totals that would reveal them are "
                    + "{\"count\": null, \"suppressed\": true} for callers without aggregates:unsuppressed (analyst and data-manager have it).")
    @APIResponse(responseCode = "200", description = "The risk report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RiskReport.class)))
    @APIResponse(responseCode = "400", description = "No quasi-identifiers, an unknown one (rule enum) or k below 1 (rule range)")
    public RiskReport assess(@RequestBody(required = true) RiskRequest body) {
        RiskRequest.Query q = RiskRequest.validate(body);
        return risk.assess(q.quasiIdentifiers(), q.k(), caller.can(Permissions.AGGREGATES_UNSUPPRESSED));
    }
}
