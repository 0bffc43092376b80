package org.nelmregistry.reporting.rest;

import org.nelmregistry.common.rest.JobStatus;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.reporting.ExportJob;
import org.nelmregistry.reporting.repository.ExportJobRepository;
import org.nelmregistry.reporting.service.ExportService;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Audited row-level extracts for analysts (the job table records who took what, when). */
@Path("/api/v1/exports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    @Inject
    ExportService exports;
    @Inject
    ExportJobRepository jobs;
    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ANALYST)
    public Response start(JsonNode body, @Context UriInfo uri) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("", "type", "send {\"format\": \"csv\"}");
        }
        ExportJob job = exports.start(body.path("format").asText(null), caller.name());
        return Response.accepted(view(job)).location(uri.getAbsolutePathBuilder().path(job.id.toString()).build()).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Caller.ANALYST)
    @Transactional
    public Map<String, Object> status(@PathParam("id") String id) {
        return view(find(id));
    }

    @GET
    @Path("{id}/file")
    @RolesAllowed(Caller.ANALYST)
    @Produces({"text/csv", Problem.MEDIA_TYPE})
    @Transactional
    public Response file(@PathParam("id") String id) {
        ExportJob job = find(id);
        if (!JobStatus.COMPLETED.equals(job.status)) {
            throw new ProblemException(Problem.of(409, "Conflict", "the export is " + job.status + "; poll its status"));
        }
        return Response.ok(job.content, job.contentType)
                .header("Content-Disposition", "attachment; filename=\"nelm-export-" + job.id + ".csv\"").build();
    }

    private ExportJob find(String id) {
        try {
            ExportJob j = jobs.findById(UUID.fromString(id));
            if (j == null) {
                throw ProblemException.notFound();
            }
            return j;
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound();
        }
    }

    static Map<String, Object> view(ExportJob j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id.toString());
        m.put("status", j.status);
        m.put("format", j.format);
        m.put("done", j.done);
        m.put("total", j.total);
        m.put("requested_by", j.requestedBy);
        m.put("created_at", j.createdAt.toString());
        m.put("finished_at", j.finishedAt == null ? null : j.finishedAt.toString());
        if (j.error != null) {
            m.put("error", j.error);
        }
        return m;
    }
}
