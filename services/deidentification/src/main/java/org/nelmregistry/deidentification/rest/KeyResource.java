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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.deidentification.service.KeySet;
import org.nelmregistry.deidentification.service.PatientPseudonymiser;

import java.util.List;

/**
 * Key rotation: a new key becomes current, for every instance of the service (the key set is in
 * the database; the others read it within their refresh interval); a replay from submission then
 * re-publishes every record under it (case pseudonyms unchanged). Only ids and dates are ever shown.
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
    @Operation(summary = "The pseudonymisation keys: ids, creation dates and which is current (never a secret)")
    public List<KeySet.KeyInfo> list() {
        return pseudonymiser.keys().list();
    }

    @POST
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Rotate: add a key with two new random secrets and make it current on every instance")
    public Response rotate() {
        KeySet.KeyInfo k = pseudonymiser.keys().rotate();
        LOG.infof("pseudonymisation key rotated to %s by %s: every instance takes it up; replay from submission", k.id(), caller.name());
        return Response.status(201).entity(k).build();
    }
}
