package org.nelmregistry.deidentification.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.deidentification.service.KeySet;
import org.nelmregistry.deidentification.service.PatientPseudonymiser;

import java.util.List;

/**
 * Key rotation: a new key becomes current; a replay from submission then re-publishes every
 * record under it (case pseudonyms unchanged). Only ids and dates are ever shown.
 */
@Path("/api/v1/keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    private static final Logger LOG = Logger.getLogger(KeyResource.class);

    @Inject
    PatientPseudonymiser pseudonymiser;
    @Inject
    Caller caller;

    @GET
    @RolesAllowed(Caller.ADMIN)
    public List<KeySet.KeyInfo> list() {
        return pseudonymiser.keys().list();
    }

    @POST
    @RolesAllowed(Caller.ADMIN)
    public Response rotate() {
        KeySet.KeyInfo k = pseudonymiser.keys().rotate();
        LOG.infof("pseudonymisation key rotated to %s by %s: back up the key set and replay from submission", k.id(), caller.name());
        return Response.status(201).entity(k).build();
    }
}
