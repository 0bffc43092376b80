package org.nelmregistry.submission;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Which cases a list asks for; a null member does not filter. {@code centreId} is the centre
 * scope already applied (a centre user's own centre), never a centre taken unchecked from a caller.
 */
public record CaseFilter(String status, String centreId, String procedureType, LocalDate procedureFrom,
        LocalDate procedureTo, BigDecimal completenessBelow) {
}
