package org.nelmregistry.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/** Any change of a case (revision, follow-up, answer to a query). Carries the full current case, not a delta. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CaseRevised(UUID eventId, UUID caseId, String centreId, int revision, Instant occurredAt,
        int formVersion, @JsonProperty("case") ObjectNode caseData) implements CaseEvent {
}
