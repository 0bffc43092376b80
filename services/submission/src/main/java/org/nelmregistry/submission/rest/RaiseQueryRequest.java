package org.nelmregistry.submission.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A data manager's question on one field of a case. */
@Schema(name = "RaiseQuery")
public record RaiseQueryRequest(
        @Schema(description = "JSON pointer to a non-identifying field, e.g. /procedures/0/margin") String pointer,
        @Schema(description = "The question to the centre, at most 2000 characters") String question) {
}
