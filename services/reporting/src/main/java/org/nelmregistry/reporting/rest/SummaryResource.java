package org.nelmregistry.reporting.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.reporting.service.SummaryService;

@Path("/api/v1/reports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    @Inject
    SummaryService summary;
    @Inject
    Caller caller;

    /** Case counts by centre, index year and index procedure type; small counts suppressed except for analysts. */
    @GET
    @Path("summary")
    @RolesAllowed({Caller.STEERING, Caller.ANALYST, Caller.CENTRE_LEAD, Caller.DATA_MANAGER, Caller.ADMIN})
    public ObjectNode summary() {
        return summary.summary(caller.has(Caller.ANALYST));
    }
}
