package org.nelmregistry.contracts.event;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/**
 * Value of {@code registry.deidentified-cases.v1} (key: case pseudonym; a null value is the
 * tombstone of a withdrawn case). {@code record} has the case's sections with only the fields
 * that survive the policy: dates as whole days relative to the index procedure.
 *
 * @param revision the submission revision it was made from; consumers keep the highest
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CaseDeidentified(UUID eventId, String casePseudonym, String patientPseudonym, String centreId,
        int revision, Instant occurredAt, int formVersion, int policyVersion, String keyId, Integer indexYear,
        String indexProcedureType, Integer ageAtIndex, ObjectNode record) {
}
