package org.nelmregistry.deidentification.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.risk.QuasiIdentifier;
import org.nelmregistry.risk.ReleaseRisk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /api/v1/risk}. The members stay JSON trees so that a wrong value of any shape gets
 * the same precise error (pointer and rule: required, enum, range) rather than a parser's
 * "format"; {@link #validate()} turns them into a {@link Query}.
 */
@Schema(name = "RiskRequest")
@JsonIgnoreProperties(ignoreUnknown = true) // other members were always ignored
public record RiskRequest(
        @Schema(type = SchemaType.ARRAY, implementation = String.class, required = true, minItems = 1,
                description = "One or more of age_band_5, age_band_10, sex, country, index_year, index_period_5, primary_site, centre")
        JsonNode quasiIdentifiers,
        @Schema(implementation = Integer.class, minimum = "1", defaultValue = "" + ReleaseRisk.DEFAULT_K,
                description = "The k of k-anonymity: classes smaller than k are counted as below it")
        JsonNode k) {

    /** A request that passed validation. */
    public record Query(List<QuasiIdentifier> quasiIdentifiers, int k) {
    }

    /** The request checked field by field; every error at once (400 problem). A missing body is checked like an empty one. */
    public static Query validate(RiskRequest body) {
        List<ProblemError> errors = new ArrayList<>();
        List<QuasiIdentifier> qis = new ArrayList<>();
        JsonNode q = body == null ? null : body.quasiIdentifiers();
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
        // absent: the default; present but null or not a whole number of at least 1: a range error
        int k = body == null || body.k() == null ? ReleaseRisk.DEFAULT_K : body.k().asInt(0);
        if (k < 1) {
            errors.add(new ProblemError("/k", "range", "k is a whole number of at least 1"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Query(List.copyOf(qis), k);
    }

    static String codes() {
        return String.join(", ", Arrays.stream(QuasiIdentifier.values()).map(QuasiIdentifier::code).toList());
    }
}
