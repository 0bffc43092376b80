package org.nelmregistry.submission.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.submission.Job;
import org.nelmregistry.submission.JobRow;
import org.nelmregistry.submission.Slice;
import org.nelmregistry.submission.service.ImportService;
import org.nelmregistry.submission.service.JobService;

import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/** Batch import of a centre's cases: a job with progress and per-row results. */
@Path("/api/v1/imports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    @Inject
    ImportService imports;
    @Inject
    JobService jobs;
    @Inject
    Caller caller;

    @POST
    @Consumes({ImportService.CSV, ImportService.JSON})
    @PermissionsAllowed(Permissions.IMPORT_RUN)
    @Operation(summary = "Import a centre's cases (CSV in the documented layout, or a JSON array), upserted by local_ref",
            description = "The file is checked whole first (header, limits); each row is then stored or rejected on its own.")
    @RequestBody(content = {@Content(mediaType = ImportService.CSV, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            @Content(mediaType = ImportService.JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY))})
    @APIResponse(responseCode = "202", description = "The import job, queued; Location is its status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "An unknown column, a missing header, a limit exceeded or malformed JSON")
    @APIResponse(responseCode = "413", description = "The upload is larger than the import limit")
    public Response start(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body, @Context UriInfo uri) {
        String centre = caller.requireCentre();
        String type = contentType != null && contentType.toLowerCase().startsWith(ImportService.CSV) ? ImportService.CSV : ImportService.JSON;
        Job j = imports.start(centre, caller.name(), type, body);
        return Response.accepted(JobView.of(j)).location(uri.getAbsolutePathBuilder().path(j.id.toString()).build()).build();
    }

    /** Progress (done/total), counts by outcome, and one page of per-row results. */
    @GET
    @Path("{id}")
    @PermissionsAllowed(Permissions.IMPORT_RUN)
    @Operation(summary = "An import's progress, counts by outcome and one page of per-row results (its own centre's only)")
    @APIResponse(responseCode = "200", description = "The job and a page of row results",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.ImportStatus.class)))
    @APIResponse(responseCode = "400", description = "page or size out of bounds")
    @APIResponse(responseCode = "404", description = "No import with this id at the caller's centre")
    public JobView.ImportStatus status(@PathParam("id") String id,
            @Parameter(description = "only rows of this outcome: created, updated, unchanged, rejected") @QueryParam("outcome") String outcome,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
        Job j = jobs.find(JobService.IMPORT, CaseResource.uuid(id), Optional.of(caller.requireCentre()));
        Slice<JobRow> rows = jobs.results(j.id, outcome, page, size);
        return JobView.ImportStatus.of(j, new JobView.RowPage(rows.items().stream().map(r -> JobView.Row.of(r, r.errors)).toList(),
                rows.total(), page, size));
    }
}
