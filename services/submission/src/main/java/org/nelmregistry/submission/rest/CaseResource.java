package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.submission.DataQuery;
import java.time.Instant;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.CaseRevision;
import org.nelmregistry.submission.repository.AuditRepository;
import org.nelmregistry.submission.repository.CaseRepository;
import org.nelmregistry.submission.service.CaseService;
import org.nelmregistry.submission.service.JsonDiff;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/cases")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CaseResource {

    private static final String CENTRE = Caller.CENTRE_SUBMITTER;
    private static final String LEAD = Caller.CENTRE_LEAD;

    @Inject
    CaseService service;
    @Inject
    CaseRepository cases;
    @Inject
    AuditRepository audit;
    @Inject
    Caller caller;
    @Inject
    org.nelmregistry.submission.service.QueryService queryService;

    /** A centre submits a case; its centre comes from the token, never from the body. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({CENTRE, LEAD})
    public Response submit(JsonNode body, @Context UriInfo uri) {
        CaseService.Outcome o = service.submit(body, caller);
        Response.ResponseBuilder rb = CaseService.Outcome.CREATED.equals(o.what())
                ? Response.created(uri.getAbsolutePathBuilder().path(o.record().id.toString()).build())
                : Response.ok();
        // the stored content is the body (a new case) or equal to it (an unchanged re-post): not parsed again
        return rb.tag(etag(o.record())).entity(view(o.record(), (ObjectNode) body, true)).build();
    }

    @GET
    @RolesAllowed({CENTRE, LEAD, Caller.DATA_MANAGER})
    @Transactional
    public ObjectNode list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size,
            @QueryParam("procedure_type") String procedureType, @QueryParam("procedure_from") String from,
            @QueryParam("procedure_to") String to, @QueryParam("completeness_below") BigDecimal completenessBelow,
            @QueryParam("status") @DefaultValue("active") String status, @QueryParam("centre_id") String centre) {
        Paged.check(page, size, Paged.MAX_SIZE);
        StringBuilder q = new StringBuilder("status = :status");
        Parameters p = Parameters.with("status", status);
        String ownCentre = caller.isCentreUser() ? caller.requireCentre() : centre;
        if (ownCentre != null) {
            q.append(" and centreId = :centre");
            p.and("centre", ownCentre);
        }
        if (procedureType != null) {
            q.append(" and array_contains(procedureTypes, :ptype)");
            p.and("ptype", procedureType);
        }
        if (from != null) {
            q.append(" and firstProcedureDate >= :from");
            p.and("from", date("/procedure_from", from));
        }
        if (to != null) {
            q.append(" and firstProcedureDate <= :to");
            p.and("to", date("/procedure_to", to));
        }
        if (completenessBelow != null) {
            q.append(" and completeness < :cb");
            p.and("cb", completenessBelow);
        }
        // newest first: what a centre or data manager looks for; id breaks ties so pages are stable
        var query = cases.find(q.toString(), Sort.descending("createdAt").and("id"), p).page(Page.of(page, size));
        ObjectNode out = Paged.envelope(query.count(), page, size);
        ArrayNode items = Paged.items(out);
        for (CaseRecord c : query.list()) {
            ObjectNode i = items.addObject();
            i.put("id", c.id.toString());
            i.put("centre_id", c.centreId);
            i.put("revision", c.revision);
            i.put("status", c.status);
            i.put("completeness", c.completeness);
            ArrayNode types = i.putArray("procedure_types");
            for (String t : c.procedureTypes) {
                types.add(t);
            }
            i.put("first_procedure_date", c.firstProcedureDate == null ? null : c.firstProcedureDate.toString());
            i.put("quality_flags", service.flags(c).size());
            i.put("updated_at", c.updatedAt.toString());
        }
        return out;
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
    @RolesAllowed({CENTRE, LEAD, Caller.DATA_MANAGER})
    public Response get(@PathParam("id") String id) {
        CaseRecord c = service.read(uuid(id), caller);
        return Response.ok(view(c, caller.isCentreUser())).tag(etag(c)).build();
    }

    /** Replaces the case; needs If-Match with the revision read (412 when stale). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({CENTRE, LEAD})
    public Response revise(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonNode body) {
        CaseService.Outcome o = service.revise(uuid(id), body, ifMatch, caller);
        return Response.ok(view(o.record(), true)).tag(etag(o.record())).build();
    }

    /** Appends a follow-up visit without resending the case (If-Match optional). */
    @POST
    @Path("{id}/follow-ups")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({CENTRE, LEAD})
    public Response followUp(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonNode visit) {
        CaseService.Outcome o = service.addFollowUp(uuid(id), visit, ifMatch, caller);
        return Response.ok(view(o.record(), true)).tag(etag(o.record())).build();
    }

    /** Consent withdrawn: identities erased, a tombstone kept, the case removed downstream. */
    @POST
    @Path("{id}/withdrawal")
    @RolesAllowed({CENTRE, LEAD})
    public Response withdraw(@PathParam("id") String id) {
        CaseRecord c = service.withdraw(uuid(id), caller);
        return Response.ok(view(c, true)).tag(etag(c)).build();
    }

    /** Every revision: who, when, which fields changed old -> new (identifying ones hidden from data managers). */
    @GET
    @Path("{id}/history")
    @RolesAllowed({CENTRE, LEAD, Caller.DATA_MANAGER})
    @Transactional
    public ObjectNode history(@PathParam("id") String id) {
        CaseRecord c = service.read(uuid(id), caller);
        boolean identities = caller.isCentreUser();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", c.id.toString());
        out.put("status", c.status);
        ArrayNode revs = out.putArray("revisions");
        JsonNode previous = JsonNodeFactory.instance.objectNode();
        for (CaseRevision r : service.revisions(c.id)) {
            JsonNode current = service.parse(r.data);
            ObjectNode rev = revs.addObject();
            rev.put("revision", r.key.revision());
            rev.put("changed_by", r.changedBy);
            rev.put("changed_at", r.changedAt.toString());
            ArrayNode changes = rev.putArray("changes");
            List<JsonDiff.Change> diff = new ArrayList<>(JsonDiff.between(previous, current));
            for (JsonDiff.Change ch : diff) {
                if (!identities && CaseView.identifying(ch.pointer())) {
                    continue;
                }
                ObjectNode cn = changes.addObject();
                cn.put("pointer", ch.pointer());
                cn.set("old", ch.oldValue());
                cn.set("new", ch.newValue());
            }
            previous = current;
        }
        return out;
    }

    /**
     * A data manager raises a query on one field of a case: 400 ({@code query-identifying-field})
     * on a direct, link, birth or text field; 409 ({@code case-withdrawn}) on a withdrawn case.
     */
    @POST
    @Path("{id}/queries")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.DATA_MANAGER)
    public Response raise(@PathParam("id") String id, JsonNode body, @Context UriInfo uri) {
        DataQuery q = queryService.raise(CaseResource.uuid(id), body, caller);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/queries").path(q.id.toString()).build())
                .entity(QualityResource.view(q, false)).build();
    }

    private ObjectNode view(CaseRecord c, boolean identities) {
        return view(c, service.parse(c.data), identities);
    }

    private ObjectNode view(CaseRecord c, ObjectNode data, boolean identities) {
        ObjectNode v = CaseView.of(c, data, identities);
        v.set("quality_flags", service.flags(c));
        return v;
    }

    static EntityTag etag(CaseRecord c) {
        return new EntityTag(Integer.toString(c.revision));
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound();
        }
    }
}
