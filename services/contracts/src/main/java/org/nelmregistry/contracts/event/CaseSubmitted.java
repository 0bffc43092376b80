package org.nelmregistry.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/** A case was created at a centre. Carries the full case. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CaseSubmitted(UUID eventId, UUID caseId, String centreId, int revision, Instant occurredAt,
        int formVersion, @JsonProperty("case") ObjectNode caseData) implements CaseEvent {
}
