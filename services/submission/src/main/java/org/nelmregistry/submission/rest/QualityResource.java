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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.DataQuery;
import org.nelmregistry.submission.repository.AuditRepository;
import org.nelmregistry.submission.repository.DataQueryRepository;
import org.nelmregistry.submission.service.CaseService;
import org.nelmregistry.submission.service.QualityService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Data quality: completeness, and queries raised by data managers and answered by centres. */
@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class QualityResource {

    /** Raising a query lives under /cases/{id}/queries (CaseResource), which calls this. */

    @Inject
    QualityService quality;
    @Inject
    DataQueryRepository queries;
    @Inject
    CaseService cases;
    @Inject
    AuditRepository audit;
    @Inject
    Caller caller;

    @GET
    @Path("quality/completeness")
    @RolesAllowed({Caller.DATA_MANAGER, Caller.ADMIN, Caller.CENTRE_LEAD, Caller.CENTRE_SUBMITTER})
    public ObjectNode completeness() {
        // a centre's users see their own centre exactly, data managers every centre; others
        // (registry-admin) get protected counts: the disclosure policy of ARCHITECTURE.md
        boolean exact = caller.isCentreUser() || caller.has(Caller.DATA_MANAGER);
        return quality.completeness(caller.isCentreUser() ? caller.requireCentre() : null, !exact);
    }

    /** Centres see their own centre's queries; data managers every centre's. */
    @GET
    @Path("queries")
    @RolesAllowed({Caller.DATA_MANAGER, Caller.CENTRE_SUBMITTER, Caller.CENTRE_LEAD})
    @Transactional
    public ObjectNode list(@QueryParam("status") String status, @QueryParam("case_id") String caseId,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (caller.isCentreUser()) {
            q.append(" and centreId = :centre");
            p.and("centre", caller.requireCentre());
        }
        if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        if (caseId != null) {
            q.append(" and caseId = :case");
            p.and("case", CaseResource.uuid(caseId));
        }
        Paged.check(page, size, Paged.MAX_SIZE);
        var query = queries.find(q.toString(), Sort.by("raisedAt").and("id"), p).page(Page.of(page, size));
        ObjectNode out = Paged.envelope(query.count(), page, size);
        boolean answers = caller.isCentreUser();
        query.list().forEach(x -> Paged.items(out).add(view(x, answers)));
        return out;
    }

    /** The centre answers; it may revise the case in the same call ({@code case} + If-Match-like {@code revision}). */
    @POST
    @Path("queries/{id}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.CENTRE_SUBMITTER, Caller.CENTRE_LEAD})
    @Transactional
    public ObjectNode answer(@PathParam("id") String id, JsonNode body) {
        DataQuery q = find(id);
        if (!q.centreId.equals(caller.requireCentre())) {
            throw ProblemException.notFound();
        }
        if (DataQuery.CLOSED.equals(q.status)) {
            throw new ProblemException(Problem.of(409, "Conflict", "the query is closed"));
        }
        String answer = body == null ? null : body.path("answer").asText(null);
        if (answer == null || answer.isBlank() || answer.length() > 2000) {
            throw ProblemException.invalid("/answer", answer == null || answer.isBlank() ? "required" : "range",
                    "the answer, at most 2000 characters");
        }
        if (body.has("case")) {
            cases.revise(q.caseId, body.get("case"), body.path("revision").asText(null), caller);
        }
        q.answer = answer;
        q.status = DataQuery.ANSWERED;
        q.answeredBy = caller.name();
        q.answeredAt = Instant.now();
        audit.record(caller.name(), "query-answer", q.caseId, q.centreId);
        return view(q, true);
    }

    @POST
    @Path("queries/{id}/close")
    @RolesAllowed(Caller.DATA_MANAGER)
    @Transactional
    public ObjectNode close(@PathParam("id") String id) {
        DataQuery q = find(id);
        if (!DataQuery.ANSWERED.equals(q.status)) {
            throw new ProblemException(Problem.of(409, "Conflict", "only an answered query can be closed; it is " + q.status));
        }
        q.status = DataQuery.CLOSED;
        q.closedBy = caller.name();
        q.closedAt = Instant.now();
        audit.record(caller.name(), "query-close", q.caseId, q.centreId);
        return view(q, false);
    }

    private DataQuery find(String id) {
        return queries.findByIdOptional(CaseResource.uuid(id)).orElseThrow(ProblemException::notFound);
    }

    /**
     * A query; the answer's text only for the case's centre ({@code withAnswer}): it is free
     * text that may hold identities. Others see {@code answer: null, answer_withheld: true}.
     */
    public static ObjectNode view(DataQuery q, boolean withAnswer) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", q.id.toString());
        o.put("case_id", q.caseId.toString());
        o.put("centre_id", q.centreId);
        o.put("pointer", q.pointer);
        o.put("question", q.question);
        o.put("status", q.status);
        o.put("raised_by", q.raisedBy);
        o.put("raised_at", q.raisedAt.toString());
        o.put("answer", withAnswer ? q.answer : null);
        if (!withAnswer && q.answer != null) {
            o.put("answer_withheld", true);
        }
        o.put("answered_at", q.answeredAt == null ? null : q.answeredAt.toString());
        o.put("closed_at", q.closedAt == null ? null : q.closedAt.toString());
        return o;
    }
}
