package org.nelmregistry.submission.rest;

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
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.submission.AuditEvent;
import org.nelmregistry.submission.Job;
import org.nelmregistry.submission.repository.AuditRepository;
import org.nelmregistry.submission.repository.JobRepository;
import org.nelmregistry.submission.service.ReplayService;


/** The registry administrator's tools: access audit and replay. */
@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    AuditRepository audit;
    @Inject
    JobRepository jobs;
    @Inject
    ReplayService replay;
    @Inject
    Caller caller;

    /** Who read or changed which case, when (paged, newest first). */
    @GET
    @Path("audit")
    @RolesAllowed(Caller.ADMIN)
    @Transactional
    public ObjectNode audit(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size,
            @QueryParam("case_id") String caseId, @QueryParam("actor") String actor) {
        Paged.check(page, size, Paged.MAX_SIZE);
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (caseId != null) {
            q.append(" and caseId = :case");
            p.and("case", CaseResource.uuid(caseId));
        }
        if (actor != null) {
            q.append(" and actor = :actor");
            p.and("actor", actor);
        }
        var query = audit.find(q.toString(), Sort.descending("at").and("id", Sort.Direction.Descending), p)
                .page(Page.of(page, size));
        ObjectNode out = Paged.envelope(query.count(), page, size);
        for (AuditEvent e : query.list()) {
            Paged.items(out).addObject().put("at", e.at.toString()).put("actor", e.actor).put("action", e.action)
                    .put("case_id", e.caseId == null ? null : e.caseId.toString()).put("centre_id", e.centreId);
        }
        return out;
    }

    /** Re-emits every current case through the outbox (a job with progress). */
    @POST
    @Path("admin/replay")
    @RolesAllowed(Caller.ADMIN)
    public Response replay(@Context UriInfo uri) {
        Job j = replay.start(caller.name());
        audit.recordNow(caller.name(), "replay", null, null);
        return Response.accepted(JobView.of(j)).location(uri.getBaseUriBuilder().path("api/v1/admin/replay").path(j.id.toString()).build())
                .build();
    }

    @GET
    @Path("admin/replay/{id}")
    @RolesAllowed(Caller.ADMIN)
    @Transactional
    public ObjectNode replayStatus(@PathParam("id") String id) {
        Job j = jobs.findByIdOptional(CaseResource.uuid(id)).filter(x -> "replay".equals(x.kind))
                .orElseThrow(ProblemException::notFound);
        return JobView.of(j);
    }
}
