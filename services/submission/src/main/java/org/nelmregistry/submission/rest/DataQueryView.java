package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.nelmregistry.submission.DataQuery;

import java.time.Instant;
import java.util.UUID;

/**
 * A data query; the answer's text only for the case's centre: it is free text that may hold
 * identities. Others see {@code answer: null, answer_withheld: true}.
 */
@Schema(name = "DataQuery", description = "A data manager's question on one field of a case")
public record DataQueryView(UUID id, UUID caseId, String centreId,
        @Schema(description = "JSON pointer to the field asked about") String pointer, String question,
        @Schema(enumeration = {"open", "answered", "closed"}) String status, String raisedBy, Instant raisedAt,
        @Schema(description = "The centre's answer; null when none, or withheld from this caller") String answer,
        @Schema(description = "Present (true) when an answer exists but is withheld from this caller")
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean answerWithheld,
        Instant answeredAt, Instant closedAt) {

    static DataQueryView of(DataQuery q, boolean withAnswer) {
        return new DataQueryView(q.id, q.caseId, q.centreId, q.pointer, q.question, q.status, q.raisedBy, q.raisedAt,
                withAnswer ? q.answer : null, !withAnswer && q.answer != null ? Boolean.TRUE : null, q.answeredAt, q.closedAt);
    }
}
