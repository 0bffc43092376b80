package org.nelmregistry.deidentification.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.deidentification.service.DeidentificationPolicy;

/** The de-identification policy in force, derived field by field from the case report form. */
@Path("/api/v1/policy")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    @Inject
    DeidentificationPolicy policy;

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.ANALYST, Caller.DATA_MANAGER, Caller.STEERING})
    public ObjectNode get() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("policy_version", DeidentificationPolicy.VERSION);
        out.put("form_version", policy.form().version());
        ArrayNode fields = out.putArray("fields");
        for (Section s : policy.form().sections()) {
            for (Field f : s.fields()) {
                fields.addObject().put("section", s.code()).put("code", f.code()).put("privacy", f.privacy().code())
                        .put("action", f.privacy().release().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }
}
