package org.nelmregistry.submission.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.submission.AuditFilter;
import org.nelmregistry.submission.Job;
import org.nelmregistry.submission.service.AuditService;
import org.nelmregistry.submission.service.JobService;
import org.nelmregistry.submission.service.ReplayService;


/** The registry administrator's tools: access audit and replay. */
@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    @Inject
    AuditService audit;
    @Inject
    JobService jobs;
    @Inject
    ReplayService replay;
    @Inject
    Caller caller;

    /** Who read or changed which case, when (paged, newest first). */
    @GET
    @Path("audit")
    @PermissionsAllowed(Permissions.AUDIT_READ)
    @Operation(summary = "The access audit: who read or changed which case, when (newest first)")
    @APIResponse(responseCode = "200", description = "One page of audit entries")
    @APIResponse(responseCode = "400", description = "page or size out of bounds")
    @APIResponse(responseCode = "404", description = "case_id is not a case id")
    public PageView<AuditEntryView> audit(
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "Page size, 1 to 500") @QueryParam("size") @DefaultValue("50") int size,
            @Parameter(description = "Only entries about this case") @QueryParam("case_id") String caseId,
            @Parameter(description = "Only entries by this user") @QueryParam("actor") String actor) {
        Paged.check(page, size, Paged.MAX_SIZE);
        AuditFilter filter = new AuditFilter(caseId == null ? null : CaseResource.uuid(caseId), actor);
        return PageView.of(audit.search(filter, page, size), page, size, AuditEntryView::of);
    }

    /** Re-emits every current case through the outbox (a job with progress). */
    @POST
    @Path("admin/replay")
    @PermissionsAllowed(Permissions.REPLAY_RUN)
    @Operation(summary = "Re-emit every active case through the outbox (a job with progress)")
    @APIResponse(responseCode = "202", description = "The job, started; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    public Response replay(@Context UriInfo uri) {
        Job j = replay.start(caller.name());
        audit.recordNow(caller.name(), "replay", null, null);
        return Response.accepted(JobView.of(j)).location(uri.getBaseUriBuilder().path("api/v1/admin/replay").path(j.id.toString()).build())
                .build();
    }

    @GET
    @Path("admin/replay/{id}")
    @PermissionsAllowed(Permissions.REPLAY_RUN)
    @Operation(summary = "A replay job's status and progress")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "No such replay job")
    @Transactional
    public JobView replayStatus(@PathParam("id") String id) {
        return JobView.of(jobs.find(JobService.REPLAY, CaseResource.uuid(id), java.util.Optional.empty()));
    }
}
