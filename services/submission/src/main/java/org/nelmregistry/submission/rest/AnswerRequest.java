package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The centre's answer to a query, optionally with the revised case (and the revision it was read at). */
@Schema(name = "QueryAnswer")
public record AnswerRequest(@Schema(description = "The answer, at most 2000 characters") String answer,
        @JsonProperty("case") @Schema(type = SchemaType.OBJECT, description = "The revised case, replacing the current one")
        JsonNode caseBody,
        @Schema(description = "The revision the case was read at (as If-Match); required with case") String revision) {
}
