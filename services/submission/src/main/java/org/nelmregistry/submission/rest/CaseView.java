package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.service.CasePrivacy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A case as the API shows it, with or without its identifying fields. */
@Schema(name = "Case", description = "A case: its current revision and content")
public record CaseView(UUID id, String centreId, int revision,
        @Schema(enumeration = {"active", "withdrawn"}) String status, int formVersion, Instant createdAt,
        Instant updatedAt,
        @Schema(description = "When consent was withdrawn; absent for an active case")
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant withdrawnAt,
        @Schema(description = "Share of the optional fields filled in, 0..1") BigDecimal completeness,
        @JsonProperty("case")
        @Schema(type = SchemaType.OBJECT, description = "The case body, sections keyed by code (GET /api/v1/dictionary/schema); "
                + "without identifying fields for a caller who may not see them")
        ObjectNode caseBody,
        @Schema(type = SchemaType.ARRAY, implementation = ProblemError.class,
                description = "Rule warnings stored with the case (data-quality flags)")
        JsonNode qualityFlags) {

    static CaseView of(CaseRecord c, boolean withIdentities) {
        return new CaseView(c.id, c.centreId, c.revision, c.status, c.formVersion, c.createdAt, c.updatedAt, c.withdrawnAt,
                c.completeness, withIdentities ? c.data : CasePrivacy.withoutIdentities(c.data), c.qualityFlags);
    }
}
