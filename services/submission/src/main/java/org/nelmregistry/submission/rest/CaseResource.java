package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.service.CaseService;

import java.util.UUID;

@Path("/api/v1/cases")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CaseResource {

    @Inject
    CaseService service;
    @Inject
    Caller caller;

    /** A centre submits a case; its centre comes from the token, never from the body. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.CENTRE_SUBMITTER, Caller.CENTRE_LEAD})
    public Response submit(JsonNode body, @Context UriInfo uri) {
        CaseService.Submitted s = service.submit(body, caller);
        CaseRecord c = s.record();
        Response.ResponseBuilder rb = s.created()
                ? Response.created(uri.getAbsolutePathBuilder().path(c.id.toString()).build())
                : Response.ok();
        return rb.tag(etag(c)).entity(CaseView.of(c, service.parse(c.data), true)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.CENTRE_SUBMITTER, Caller.CENTRE_LEAD, Caller.DATA_MANAGER})
    public Response get(@PathParam("id") String id) {
        CaseRecord c = service.read(uuid(id), caller);
        boolean identities = caller.isCentreUser();
        return Response.ok(CaseView.of(c, service.parse(c.data), identities)).tag(etag(c)).build();
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
