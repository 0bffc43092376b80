package org.nelmregistry.deidentification.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.deidentification.service.RiskReport;
import org.nelmregistry.deidentification.service.RiskService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.nelmregistry.risk.QuasiIdentifier;
import org.nelmregistry.risk.ReleaseRisk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Release risk over every record this service has released, for chosen quasi-identifiers.
 * Analysts and data managers see exact class sizes; a registry administrator gets protected
 * output (small classes withheld, see RiskService).
 */
@Path("/api/v1/risk")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RiskResource {

    @Inject
    RiskService risk;
    @Inject
    Caller caller;

    @POST
    @Operation(summary = "Release risk (k-anonymity) of the released records",
            description = "Class sizes of 1-4 and totals that would reveal them are {\"count\": null, \"suppressed\": true} "
                    + "for roles other than analyst and data-manager.")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.ADMIN, Caller.ANALYST, Caller.DATA_MANAGER})
    public RiskReport assess(JsonNode body) {
        List<ProblemError> errors = new ArrayList<>();
        List<QuasiIdentifier> qis = new ArrayList<>();
        JsonNode q = body == null ? null : body.get("quasi_identifiers");
        if (q == null || !q.isArray() || q.isEmpty()) {
            errors.add(new ProblemError("/quasi_identifiers", "required", "one or more of " + codes()));
        } else {
            for (int i = 0; i < q.size(); i++) {
                try {
                    qis.add(QuasiIdentifier.of(q.get(i).asText()));
                } catch (IllegalArgumentException e) {
                    errors.add(new ProblemError("/quasi_identifiers/" + i, "enum", "one of " + codes()));
                }
            }
        }
        int k = body == null || !body.has("k") ? ReleaseRisk.DEFAULT_K : body.get("k").asInt(0);
        if (k < 1) {
            errors.add(new ProblemError("/k", "range", "k is a whole number of at least 1"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return risk.assess(qis, k, caller.has(Caller.ANALYST) || caller.has(Caller.DATA_MANAGER));
    }

    static String codes() {
        return String.join(", ", Arrays.stream(QuasiIdentifier.values()).map(QuasiIdentifier::code).toList());
    }
}
