package org.nelmregistry.submission.rest;

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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.CentreScope;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.submission.service.DataQueryService;
import org.nelmregistry.submission.service.QualityService;

import java.util.Optional;

/** Data quality: completeness, and queries raised by data managers (CaseResource) and answered by centres. */
@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "quality")
public class QualityResource {

    @Inject
    QualityService quality;
    @Inject
    DataQueryService queries;
    @Inject
    Caller caller;
    @Inject
    CentreScope scope;

    @GET
    @Path("quality/completeness")
    @PermissionsAllowed(Permissions.QUALITY_READ)
    @Operation(summary = "Completeness per centre, section and optional field",
            description = "A centre's users get their own centre, exactly; data managers every centre, exactly; others "
                    + "(registry-admin) protected counts: 1 to 4 withheld (ARCHITECTURE.md, disclosure control).")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QualityService.Report.class)))
    public QualityService.Report completeness() {
        Optional<String> centre = scope.restriction();
        // exact for the caller's own centre, or with the unsuppressed-aggregates permission
        boolean exact = centre.isPresent() || caller.can(Permissions.AGGREGATES_UNSUPPRESSED);
        return quality.completeness(centre.orElse(null), !exact);
    }

    /** Centres see their own centre's queries; data managers every centre's. */
    @GET
    @Path("queries")
    @PermissionsAllowed(Permissions.QUERY_READ)
    @Operation(summary = "List data queries, oldest first",
            description = "A centre's users see their centre's queries with the answers; data managers every centre's, "
                    + "answers withheld (answer_withheld).")
    @APIResponse(responseCode = "200", description = "One page of queries")
    @APIResponse(responseCode = "400", description = "page or size out of bounds")
    public PageView<DataQueryView> list(
            @Parameter(description = "open, answered or closed") @QueryParam("status") String status,
            @Parameter(description = "Only the queries of this case") @QueryParam("case_id") String caseId,
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "Page size, 1 to 500") @QueryParam("size") @DefaultValue("50") int size) {
        // a case_id that is not a UUID names nothing: 404, as for a path id
        var caseFilter = caseId == null ? null : CaseResource.uuid(caseId);
        Paged.check(page, size, Paged.MAX_SIZE);
        boolean answers = caller.can(Permissions.CASE_IDENTITIES);
        return PageView.of(queries.search(status, caseFilter, page, size), page, size, q -> DataQueryView.of(q, answers));
    }

    /** The centre answers; it may revise the case in the same call ({@code case} + If-Match-like {@code revision}). */
    @POST
    @Path("queries/{id}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed(Permissions.QUERY_ANSWER)
    @Operation(summary = "Answer a query of the caller's centre, optionally revising the case in the same call")
    @APIResponse(responseCode = "200", description = "The answered query",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DataQueryView.class)))
    @APIResponse(responseCode = "400", description = "No answer, one too long, or a revised case that violates the form")
    @APIResponse(responseCode = "404", description = "No such query, or another centre's")
    @APIResponse(responseCode = "409", description = "The query is closed")
    @APIResponse(responseCode = "412", description = "With case: revision is not the current one")
    @APIResponse(responseCode = "428", description = "With case: no revision sent")
    public DataQueryView answer(@Parameter(description = "The query id") @PathParam("id") String id, AnswerRequest body) {
        return DataQueryView.of(queries.answer(CaseResource.uuid(id), body == null ? null : body.answer(),
                body == null ? null : body.caseBody(), body == null ? null : body.revision(), caller), true);
    }

    @POST
    @Path("queries/{id}/close")
    @PermissionsAllowed(Permissions.QUERY_CLOSE)
    @Operation(summary = "Close an answered query")
    @APIResponse(responseCode = "200", description = "The closed query (answer withheld)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DataQueryView.class)))
    @APIResponse(responseCode = "404", description = "No such query")
    @APIResponse(responseCode = "409", description = "The query is not answered")
    public DataQueryView close(@Parameter(description = "The query id") @PathParam("id") String id) {
        return DataQueryView.of(queries.close(CaseResource.uuid(id), caller), false);
    }
}
