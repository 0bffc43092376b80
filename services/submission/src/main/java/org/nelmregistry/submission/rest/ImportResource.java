package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.submission.Job;
import org.nelmregistry.submission.JobRow;
import org.nelmregistry.submission.repository.JobRepository;
import org.nelmregistry.submission.repository.JobRowRepository;
import org.nelmregistry.submission.service.ImportService;

import java.io.InputStream;

/** Batch import of a centre's cases: CSV (docs/import-layout.md) or a JSON array. */
@Path("/api/v1/imports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    @Inject
    ImportService imports;
    @Inject
    JobRepository jobs;
    @Inject
    JobRowRepository rows;
    @Inject
    Caller caller;
    @Inject
    ObjectMapper json;

    @POST
    @Consumes({ImportService.CSV, ImportService.JSON})
    @RolesAllowed({Caller.CENTRE_SUBMITTER, Caller.CENTRE_LEAD})
    public Response start(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body, @Context UriInfo uri) {
        String centre = caller.requireCentre();
        String type = contentType != null && contentType.toLowerCase().startsWith(ImportService.CSV) ? ImportService.CSV : ImportService.JSON;
        Job j = imports.start(centre, caller.name(), type, body);
        return Response.accepted(JobView.of(j)).location(uri.getAbsolutePathBuilder().path(j.id.toString()).build()).build();
    }

    /** Progress (done/total), counts by outcome, and one page of per-row results. */
    @GET
    @Path("{id}")
    @RolesAllowed({Caller.CENTRE_SUBMITTER, Caller.CENTRE_LEAD})
    @Transactional
    public ObjectNode status(@PathParam("id") String id, @QueryParam("outcome") String outcome,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
        Job j = jobs.findByIdOptional(CaseResource.uuid(id))
                .filter(x -> "import".equals(x.kind) && caller.requireCentre().equals(x.centreId))
                .orElseThrow(ProblemException::notFound);
        ObjectNode out = JobView.of(j);
        String q = "key.jobId = :job" + (outcome == null ? "" : " and outcome = :outcome");
        Parameters p = Parameters.with("job", j.id);
        if (outcome != null) {
            p.and("outcome", outcome);
        }
        Paged.check(page, size, org.nelmregistry.submission.service.Limits.ImportLimits.RESULTS_PAGE);
        var query = rows.find(q, Sort.by("key.rowNo"), p).page(Page.of(page, size));
        ObjectNode results = Paged.envelope(query.count(), page, size);
        out.set("results", results);
        ArrayNode items = Paged.items(results);
        for (JobRow r : query.list()) {
            ObjectNode i = items.addObject();
            i.put("row", r.key.rowNo());
            i.put("outcome", r.outcome);
            i.put("case_id", r.caseId == null ? null : r.caseId.toString());
            if (r.errors != null) {
                try {
                    i.set("rejected".equals(r.outcome) ? "errors" : "warnings", json.readTree(r.errors));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
