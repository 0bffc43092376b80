package org.nelmregistry.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * An event of {@code registry.case-events.v1} (key: case id). JSON with a {@code type}
 * discriminator; schemas in {@code schemas/}. Carries identities: only submission and
 * de-identification ever read it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CaseSubmitted.class, name = "CaseSubmitted"),
        @JsonSubTypes.Type(value = CaseRevised.class, name = "CaseRevised"),
        @JsonSubTypes.Type(value = CaseWithdrawn.class, name = "CaseWithdrawn")
})
public sealed interface CaseEvent permits CaseSubmitted, CaseRevised, CaseWithdrawn {

    UUID eventId();

    UUID caseId();

    String centreId();

    int revision();

    Instant occurredAt();

    int formVersion();
}
