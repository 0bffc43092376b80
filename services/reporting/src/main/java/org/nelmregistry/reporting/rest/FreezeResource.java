package org.nelmregistry.reporting.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.reporting.service.FreezeService;

import java.util.UUID;

/** Data freezes: named, dated, immutable snapshots of the analytic store that reports answer from ({@code ?freeze=NAME}). */
@Path("/api/v1/freezes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "freezes")
public class FreezeResource {

    static final String READ = "Permission " + Permissions.FREEZE_READ
            + " (steering-committee, analyst, centre-lead, data-manager, registry-admin).";

    @Inject
    FreezeService freezes;
    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed(Permissions.FREEZE_CREATE)
    @Operation(summary = "Freeze the analytic store under a name, e.g. {\"name\": \"2026-Q4\"}",
            description = "Permission " + Permissions.FREEZE_CREATE + " (data-manager, registry-admin).")
    @APIResponse(responseCode = "201", description = "the freeze; Location names it",
            content = @Content(schema = @Schema(implementation = FreezeService.FreezeView.class)))
    @APIResponse(responseCode = "400", description = "not {\"name\"}, or the name is not a freeze name")
    @APIResponse(responseCode = "409", description = "the name is taken")
    public Response create(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = FreezeService.FreezeRequest.class))) JsonNode body,
            @Context UriInfo uri) {
        FreezeService.FreezeView f = freezes.create(FreezeService.name(body), caller.name());
        return Response.created(uri.getAbsolutePathBuilder().path(f.id()).build()).entity(f).build();
    }

    @GET
    @PermissionsAllowed(Permissions.FREEZE_READ)
    @Operation(summary = "The freezes, newest first, with their case counts", description = READ)
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FreezeService.FreezePage.class)))
    @APIResponse(responseCode = "400", description = "page or size out of range")
    public FreezeService.FreezePage list(@Parameter(description = "0-based page") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "freezes per page, at most " + Paged.MAX_SIZE) @QueryParam("size") @DefaultValue("50") int size) {
        Paged.check(page, size, Paged.MAX_SIZE);
        return freezes.list(page, size);
    }

    @GET
    @Path("{id}")
    @PermissionsAllowed(Permissions.FREEZE_READ)
    @Operation(summary = "One freeze", description = READ)
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FreezeService.FreezeView.class)))
    @APIResponse(responseCode = "404", description = "no freeze of this id")
    public FreezeService.FreezeView get(@Parameter(description = "the freeze's id (a UUID)") @PathParam("id") String id) {
        try {
            return freezes.get(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound();
        }
    }
}
