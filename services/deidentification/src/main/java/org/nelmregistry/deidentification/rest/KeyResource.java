package org.nelmregistry.deidentification.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.Permissions;
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
    @PermissionsAllowed(Permissions.KEYS_READ)
    @Operation(summary = "The pseudonymisation keys: ids, creation dates and which is current (never a secret)",
            description = "Requires keys:read.")
    @APIResponse(responseCode = "200", description = "Every key of the key set, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = KeySet.KeyInfo.class)))
    public List<KeySet.KeyInfo> list() {
        return pseudonymiser.keys().list();
    }

    @POST
    @ResponseStatus(201)
    @PermissionsAllowed(Permissions.KEYS_ROTATE)
    @Operation(summary = "Rotate: add a key with two new random secrets and make it current on every instance",
            description = "Requires keys:rotate. Replay from submission afterwards to re-publish every record under the new key.")
    @APIResponse(responseCode = "201", description = "The new current key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeySet.KeyInfo.class)))
    public KeySet.KeyInfo rotate() {
        KeySet.KeyInfo k = pseudonymiser.keys().rotate();
        LOG.infof("pseudonymisation key rotated to %s by %s: every instance takes it up; replay from submission", k.id(), caller.name());
        return k;
    }
}
