package org.nelmregistry.reporting.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.reporting.service.FreezeService;

import java.util.UUID;

/** Data freezes: named, dated, immutable snapshots of the analytic store that reports answer from ({@code ?freeze=NAME}). */
@Path("/api/v1/freezes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "freezes")
public class FreezeResource {

    @Inject
    FreezeService freezes;
    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.DATA_MANAGER, Caller.ADMIN})
    @Operation(summary = "Freeze the analytic store under a name, e.g. {\"name\": \"2026-Q4\"}")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = FreezeService.FreezeView.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "the name is taken", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response create(JsonNode body, @Context UriInfo uri) {
        FreezeService.FreezeView f = freezes.create(FreezeService.name(body), caller.name());
        return Response.created(uri.getAbsolutePathBuilder().path(f.id()).build()).entity(f).build();
    }

    @GET
    @RolesAllowed({Caller.STEERING, Caller.ANALYST, Caller.CENTRE_LEAD, Caller.DATA_MANAGER, Caller.ADMIN})
    @Operation(summary = "The freezes, newest first, with their case counts")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FreezeService.FreezePage.class)))
    public FreezeService.FreezePage list(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        Paged.check(page, size, Paged.MAX_SIZE);
        return freezes.list(page, size);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.STEERING, Caller.ANALYST, Caller.CENTRE_LEAD, Caller.DATA_MANAGER, Caller.ADMIN})
    @Operation(summary = "One freeze")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FreezeService.FreezeView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public FreezeService.FreezeView get(@PathParam("id") String id) {
        try {
            return freezes.get(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound();
        }
    }
}
