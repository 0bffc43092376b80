package org.nelmregistry.submission;

import java.util.UUID;

/** Which data queries a list asks for; a null member does not filter ({@code centreId}: the caller's scope). */
public record QueryFilter(String centreId, String status, UUID caseId) {
}
