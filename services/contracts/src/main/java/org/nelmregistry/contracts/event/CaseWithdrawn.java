package org.nelmregistry.contracts.event;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/** Consent withdrawn: the case must disappear downstream. Never carries a case body. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CaseWithdrawn(UUID eventId, UUID caseId, String centreId, int revision, Instant occurredAt,
        int formVersion) implements CaseEvent {
}
