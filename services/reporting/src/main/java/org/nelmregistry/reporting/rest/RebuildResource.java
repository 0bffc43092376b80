package org.nelmregistry.reporting.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.reporting.RebuildJob;
import org.nelmregistry.reporting.service.RebuildService;

import java.time.Instant;
import java.util.UUID;

/** Rebuilds the analytic store from the compacted de-identified topic (a job with progress). */
@Path("/api/v1/admin/rebuild")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class RebuildResource {

    @Inject
    RebuildService rebuilds;
    @Inject
    Caller caller;

    /** {@code {"id", "status", "done", "total", ...}}; done/total count the topic's records. */
    public record RebuildView(String id, org.nelmregistry.common.job.JobState status, long done, long total, String requestedBy, Instant createdAt,
            Instant finishedAt, String error) {
        static RebuildView of(RebuildJob j) {
            return new RebuildView(j.id.toString(), j.status, j.done, j.total, j.requestedBy, j.createdAt, j.finishedAt, j.error);
        }
    }

    @POST
    @PermissionsAllowed(Permissions.REBUILD_RUN)
    @Operation(summary = "Start a rebuild of the analytic store from registry.deidentified-cases.v1")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = RebuildView.class)))
    public Response start(@Context UriInfo uri) {
        RebuildJob job = rebuilds.start(caller.name());
        return Response.accepted(RebuildView.of(job)).location(uri.getAbsolutePathBuilder().path(job.id.toString()).build())
                .build();
    }

    @GET
    @Path("{id}")
    @PermissionsAllowed(Permissions.REBUILD_RUN)
    @Operation(summary = "A rebuild's status and progress")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RebuildView.class)))
    @APIResponse(responseCode = "404", description = "No rebuild with this id")
    public RebuildView status(@PathParam("id") String id) {
        RebuildJob j;
        try {
            j = rebuilds.find(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound();
        }
        if (j == null) {
            throw ProblemException.notFound();
        }
        return RebuildView.of(j);
    }
}
