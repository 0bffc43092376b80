package org.nelmregistry.reporting.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.nelmregistry.reporting.ExportJob;
import org.nelmregistry.reporting.repository.ExportRepository;
import org.nelmregistry.reporting.service.ExportRequest;
import org.nelmregistry.reporting.service.ExportService;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Audited row-level exports for analysts: a job per request, a zip of one file per table with its
 * codebook and release-risk report. An analyst sees and downloads only their own exports (another's
 * is a 404); {@code registry-admin} sees every export and its downloads, but takes no files.
 */
@Path("/api/v1/exports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "exports")
public class ExportResource {

    public static final String ZIP = "application/zip";

    @Inject
    ExportService exports;
    @Inject
    Caller caller;
    @Inject
    ObjectMapper json;

    /** An export as the API shows it (the job, the request, and the audit of what it released). */
    public record ExportView(String id, String status, long done, long total, String format, JsonNode tables,
            JsonNode filters, String freeze, String purpose, Integer k, String requestedBy, Instant createdAt,
            Instant finishedAt, Instant expiresAt, boolean expired, JsonNode files, String fileSha256, Long fileBytes,
            List<ExportRepository.Download> downloads, String error) {
    }

    public record ExportPage(List<ExportView> items, long total, int page, int size) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ANALYST)
    @Operation(summary = "Request an export: {\"format\": \"csv|parquet|jsonl\", \"tables\", \"filters\", \"freeze\", \"purpose\", \"k\"}")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = ExportView.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response start(JsonNode body, @Context UriInfo uri) {
        ExportJob job = exports.start(ExportRequest.parse(body), caller.name());
        return Response.accepted(view(job, false)).location(uri.getAbsolutePathBuilder().path(job.id.toString()).build()).build();
    }

    @GET
    @RolesAllowed({Caller.ANALYST, Caller.ADMIN})
    @Operation(summary = "Exports, newest first: an analyst's own; every export for registry-admin, with its downloads")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExportPage.class)))
    public ExportPage list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        Paged.check(page, size, Paged.MAX_SIZE);
        String owner = caller.has(Caller.ADMIN) ? null : caller.name();
        return new ExportPage(exports.page(owner, page, size).stream().map(j -> view(j, true)).toList(), exports.count(owner),
                page, size);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ANALYST, Caller.ADMIN})
    @Operation(summary = "One export: progress, request, files with row counts and SHA-256, downloads")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExportView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public ExportView status(@PathParam("id") String id) {
        return view(find(id), true);
    }

    @GET
    @Path("{id}/file")
    @RolesAllowed(Caller.ANALYST)
    @Produces({ZIP, Problem.MEDIA_TYPE})
    @Operation(summary = "The export's zip: one file per table, codebook.csv, codebook.json, risk.json (the download is audited)")
    @APIResponse(responseCode = "200", content = @Content(mediaType = ZIP))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "not completed yet", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "410", description = "expired", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response file(@PathParam("id") String id) {
        ExportJob job = find(id);
        java.nio.file.Path file = exports.download(job, caller.name());
        return Response.ok(file.toFile(), ZIP)
                .header("Content-Disposition", "attachment; filename=\"nelm-export-" + job.id + ".zip\"")
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("{id}/codebook")
    @RolesAllowed({Caller.ANALYST, Caller.ADMIN})
    @Operation(summary = "The export's codebook: every column of every exported table, and what the export was taken from")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "not completed yet", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public JsonNode codebook(@PathParam("id") String id) {
        return tree(exports.codebook(find(id), caller.name()));
    }

    /** The caller's export (registry-admin: any); a malformed id, someone else's or none is a 404. */
    private ExportJob find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound();
        }
        return exports.visible(uuid, caller.name(), caller.has(Caller.ADMIN)).orElseThrow(ProblemException::notFound);
    }

    private ExportView view(ExportJob j, boolean withDownloads) {
        return new ExportView(j.id.toString(), j.status, j.done, j.total, j.format, tree(j.tables), tree(j.filters),
                j.freezeName, j.purpose, j.k, j.requestedBy, j.createdAt, j.finishedAt, j.expiresAt, j.expired(Instant.now()),
                tree(j.files), j.fileSha256, j.fileBytes, withDownloads ? exports.downloads(j.id) : List.of(), j.error);
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored export field is not JSON", e);
        }
    }
}
