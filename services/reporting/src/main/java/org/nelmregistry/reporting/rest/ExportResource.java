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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.reporting.service.CodebookView;
import org.nelmregistry.reporting.service.ExportPage;
import org.nelmregistry.reporting.service.ExportRequest;
import org.nelmregistry.reporting.service.ExportService;
import org.nelmregistry.reporting.service.ExportView;

import java.util.UUID;

/**
 * Audited row-level exports for analysts: a job per request, a zip of one file per table with its
 * codebook and release-risk report. An analyst sees and downloads only their own exports (another's
 * is a 404); a caller with {@code export:read-all} (registry-admin) sees every export and its
 * downloads, but takes no files.
 */
@Path("/api/v1/exports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "exports")
public class ExportResource {

    public static final String ZIP = "application/zip";
    static final String READERS = " Permission " + Permissions.EXPORT_READ + " (analyst, registry-admin); only "
            + Permissions.EXPORT_READ_ALL + " (registry-admin) sees other callers' exports.";

    @Inject
    ExportService exports;
    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed(Permissions.EXPORT_CREATE)
    @Operation(summary = "Request an export: {\"format\": \"csv|parquet|jsonl\", \"tables\", \"filters\", \"freeze\", \"purpose\", \"k\"}",
            description = "Permission " + Permissions.EXPORT_CREATE + " (analyst). Every field is checked; all violations are"
                    + " reported at once, each with its pointer and rule.")
    @APIResponse(responseCode = "202", description = "the export job, queued; Location names it",
            content = @Content(schema = @Schema(implementation = ExportView.class)))
    @APIResponse(responseCode = "400", description = "a field is missing, unknown or invalid, or no freeze has the name")
    public Response start(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = ExportRequest.class))) JsonNode body, @Context UriInfo uri) {
        // parsed by hand, not bound: each violation gets its own pointer and rule
        ExportView view = exports.request(ExportRequest.parse(body), caller.name());
        return Response.accepted(view).location(uri.getAbsolutePathBuilder().path(view.id()).build()).build();
    }

    @GET
    @PermissionsAllowed(Permissions.EXPORT_READ)
    @Operation(summary = "Exports, newest first, with their downloads: the caller's own, or every export with export:read-all",
            description = READERS)
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExportPage.class)))
    @APIResponse(responseCode = "400", description = "page or size out of range")
    public ExportPage list(@Parameter(description = "0-based page") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "exports per page, at most " + Paged.MAX_SIZE) @QueryParam("size") @DefaultValue("50") int size) {
        Paged.check(page, size, Paged.MAX_SIZE);
        return exports.list(caller.name(), caller.can(Permissions.EXPORT_READ_ALL), page, size);
    }

    @GET
    @Path("{id}")
    @PermissionsAllowed(Permissions.EXPORT_READ)
    @Operation(summary = "One export: progress, request, files with row counts and SHA-256, downloads", description = READERS)
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExportView.class)))
    @APIResponse(responseCode = "404", description = "no export of this id that the caller may see")
    public ExportView status(@Parameter(description = "the export's id (a UUID)") @PathParam("id") String id) {
        return exports.status(uuid(id), caller.name(), caller.can(Permissions.EXPORT_READ_ALL));
    }

    @GET
    @Path("{id}/file")
    @PermissionsAllowed(Permissions.EXPORT_DOWNLOAD)
    @Produces({ZIP, Problem.MEDIA_TYPE})
    @Operation(summary = "The export's zip: one file per table, codebook.csv, codebook.json, risk.json (the download is audited)",
            description = "Permission " + Permissions.EXPORT_DOWNLOAD + " (analyst): the caller's own exports only.")
    @APIResponse(responseCode = "200", description = "the zip",
            content = @Content(mediaType = ZIP, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "no export of this id that the caller may see")
    @APIResponse(responseCode = "409", description = "not completed yet")
    @APIResponse(responseCode = "410", description = "expired")
    public Response file(@Parameter(description = "the export's id (a UUID)") @PathParam("id") String id) {
        ExportService.ExportFile file = exports.file(uuid(id), caller.name(), caller.can(Permissions.EXPORT_READ_ALL));
        return Response.ok(file.path().toFile(), ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"")
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("{id}/codebook")
    @PermissionsAllowed(Permissions.EXPORT_READ)
    @Operation(summary = "The export's codebook: every column of every exported table, and what the export was taken from",
            description = READERS)
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CodebookView.class)))
    @APIResponse(responseCode = "404", description = "no export of this id that the caller may see")
    @APIResponse(responseCode = "409", description = "not completed yet")
    public CodebookView codebook(@Parameter(description = "the export's id (a UUID)") @PathParam("id") String id) {
        return exports.codebook(uuid(id), caller.name(), caller.can(Permissions.EXPORT_READ_ALL));
    }

    /** A malformed id is a 404, like someone else's export or none. */
    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound();
        }
    }
}
