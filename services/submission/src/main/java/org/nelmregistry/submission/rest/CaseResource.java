package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.CentreScope;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.submission.CaseFilter;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.DataQuery;
import org.nelmregistry.submission.service.CaseService;
import org.nelmregistry.submission.service.DataQueryService;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** A centre's cases: submission, list, read, revision, follow-up, withdrawal, history, and queries raised on them. */
@Path("/api/v1/cases")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cases")
public class CaseResource {

    @Inject
    CaseService service;
    @Inject
    DataQueryService queries;
    @Inject
    Caller caller;
    @Inject
    CentreScope scope;

    /** A centre submits a case; its centre comes from the token, never from the body. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed(Permissions.CASE_WRITE)
    @Operation(summary = "Submit a case for the caller's centre",
            description = "Validated against the case report form. Re-posting the same local_ref with the same content "
                    + "returns the stored case (200); with different content it is a conflict (revise with PUT).")
    @RequestBody(description = "The case body (GET /api/v1/dictionary/schema)", required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "201", description = "Created; Location names the case, ETag its revision",
            headers = @Header(name = HttpHeaders.ETAG, description = "The revision"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "200", description = "The same case re-posted unchanged: the stored case",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "400", description = "Violations of the case report form (pointer and rule each)")
    @APIResponse(responseCode = "409", description = "The centre has a case with this local_ref and other content (existing_id)")
    @APIResponse(responseCode = "413", description = "The body is larger than allowed")
    public Response submit(JsonNode body, @Context UriInfo uri) {
        CaseService.Outcome o = service.submit(body, caller);
        Response.ResponseBuilder rb = CaseService.Outcome.CREATED.equals(o.what())
                ? Response.created(uri.getAbsolutePathBuilder().path(o.record().id.toString()).build())
                : Response.ok();
        return rb.tag(etag(o.record())).entity(CaseView.of(o.record(), true)).build();
    }

    @GET
    @PermissionsAllowed(Permissions.CASE_READ)
    @Operation(summary = "List cases, newest first",
            description = "A centre's users see their own centre's cases; a data manager every centre's (or one, with centre_id).")
    @APIResponse(responseCode = "200", description = "One page of cases")
    @APIResponse(responseCode = "400", description = "A parameter out of bounds or malformed (pointer names it)")
    public PageView<CaseSummary> list(
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "Page size, 1 to 500") @QueryParam("size") @DefaultValue("50") int size,
            @Parameter(description = "Only cases with a procedure of this type") @QueryParam("procedure_type") String procedureType,
            @Parameter(description = "First procedure on or after this date (YYYY-MM-DD)") @QueryParam("procedure_from") String from,
            @Parameter(description = "First procedure on or before this date (YYYY-MM-DD)") @QueryParam("procedure_to") String to,
            @Parameter(description = "Only cases less complete than this (0..1)") @QueryParam("completeness_below") BigDecimal completenessBelow,
            @Parameter(description = "active or withdrawn") @QueryParam("status") @DefaultValue("active") String status,
            @Parameter(description = "One centre (ignored for a centre's users: always their own)") @QueryParam("centre_id") String centre) {
        Paged.check(page, size, Paged.MAX_SIZE);
        CaseFilter filter = new CaseFilter(status, scope.restriction().orElse(centre), procedureType,
                from == null ? null : date("/procedure_from", from), to == null ? null : date("/procedure_to", to),
                completenessBelow);
        return PageView.of(service.search(filter, page, size), page, size, CaseSummary::of);
    }

    private static LocalDate date(String pointer, String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(pointer, "format", "an ISO-8601 date (YYYY-MM-DD)");
        }
    }

    @GET
    @Path("{id}")
    @PermissionsAllowed(Permissions.CASE_READ)
    @Operation(summary = "Read a case (audited)", description = "Without identifying fields for a data manager.")
    @APIResponse(responseCode = "200", description = "The case; ETag is its revision",
            headers = @Header(name = HttpHeaders.ETAG, description = "The revision"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "404", description = "No such case, or another centre's")
    public Response get(@Parameter(description = "The case id") @PathParam("id") String id) {
        CaseRecord c = service.read(uuid(id), caller);
        return Response.ok(CaseView.of(c, caller.can(Permissions.CASE_IDENTITIES))).tag(etag(c)).build();
    }

    /** Replaces the case; needs If-Match with the revision read (412 when stale). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed(Permissions.CASE_WRITE)
    @Operation(summary = "Replace a case (a new revision)", description = "If-Match must name the revision read.")
    @RequestBody(description = "The whole case body", required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "The case as stored; ETag is its revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "400", description = "Violations of the case report form")
    @APIResponse(responseCode = "404", description = "No such case, or another centre's")
    @APIResponse(responseCode = "409", description = "The case was withdrawn, or the new local_ref is another case's")
    @APIResponse(responseCode = "412", description = "The case changed since it was read (current_revision)")
    @APIResponse(responseCode = "428", description = "No If-Match sent")
    public Response revise(@Parameter(description = "The case id") @PathParam("id") String id,
            @Parameter(description = "The revision read (its ETag)", required = true) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            JsonNode body) {
        CaseService.Outcome o = service.revise(uuid(id), body, ifMatch, caller);
        return Response.ok(CaseView.of(o.record(), true)).tag(etag(o.record())).build();
    }

    /** Appends a follow-up visit without resending the case (If-Match optional). */
    @POST
    @Path("{id}/follow-ups")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed(Permissions.CASE_WRITE)
    @Operation(summary = "Append a follow-up visit (a new revision)", description = "If-Match is optional.")
    @RequestBody(description = "One follow_up entry", required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "The case as stored; ETag is its revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "400", description = "The visit, or the case with it, violates the case report form")
    @APIResponse(responseCode = "404", description = "No such case, or another centre's")
    @APIResponse(responseCode = "409", description = "The case was withdrawn")
    @APIResponse(responseCode = "412", description = "If-Match names another revision than the current one")
    public Response followUp(@Parameter(description = "The case id") @PathParam("id") String id,
            @Parameter(description = "The revision read (optional)") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            JsonNode visit) {
        CaseService.Outcome o = service.addFollowUp(uuid(id), visit, ifMatch, caller);
        return Response.ok(CaseView.of(o.record(), true)).tag(etag(o.record())).build();
    }

    /** Consent withdrawn: identities erased, a tombstone kept, the case removed downstream. */
    @POST
    @Path("{id}/withdrawal")
    @PermissionsAllowed(Permissions.CASE_WRITE)
    @Operation(summary = "Withdraw consent: erase the case's identities, keep a tombstone, remove it downstream")
    @APIResponse(responseCode = "200", description = "The tombstone",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseView.class)))
    @APIResponse(responseCode = "404", description = "No such case, or another centre's")
    @APIResponse(responseCode = "409", description = "Already withdrawn (case-withdrawn)")
    public Response withdraw(@Parameter(description = "The case id") @PathParam("id") String id) {
        CaseRecord c = service.withdraw(uuid(id), caller);
        return Response.ok(CaseView.of(c, true)).tag(etag(c)).build();
    }

    /** Every revision: who, when, which fields changed old -> new (identifying ones hidden from data managers). */
    @GET
    @Path("{id}/history")
    @PermissionsAllowed(Permissions.CASE_READ)
    @Operation(summary = "Every revision of a case as field changes (audited read)",
            description = "Changes to identifying fields are left out for a data manager.")
    @APIResponse(responseCode = "200", description = "The history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseHistoryView.class)))
    @APIResponse(responseCode = "404", description = "No such case, or another centre's")
    public CaseHistoryView history(@Parameter(description = "The case id") @PathParam("id") String id) {
        return CaseHistoryView.of(service.history(uuid(id), caller));
    }

    /**
     * A data manager raises a query on one field of a case: 400 ({@code query-identifying-field})
     * on a direct, link, birth or text field; 409 ({@code case-withdrawn}) on a withdrawn case.
     */
    @POST
    @Path("{id}/queries")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed(Permissions.QUERY_RAISE)
    @Operation(summary = "Raise a data query on one non-identifying field of a case")
    @APIResponse(responseCode = "201", description = "Raised; Location names the query",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DataQueryView.class)))
    @APIResponse(responseCode = "400", description = "No such field, an identifying field (query-identifying-field), or no question")
    @APIResponse(responseCode = "404", description = "No such case")
    @APIResponse(responseCode = "409", description = "The case was withdrawn (case-withdrawn)")
    public Response raise(@Parameter(description = "The case id") @PathParam("id") String id, RaiseQueryRequest body,
            @Context UriInfo uri) {
        DataQuery q = queries.raise(uuid(id), body == null ? null : body.pointer(), body == null ? null : body.question(), caller);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/queries").path(q.id.toString()).build())
                .entity(DataQueryView.of(q, false)).build();
    }

    static EntityTag etag(CaseRecord c) {
        return new EntityTag(Integer.toString(c.revision));
    }

    /** A path id; one that is not a UUID names no resource (404, not 400). */
    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound();
        }
    }
}
