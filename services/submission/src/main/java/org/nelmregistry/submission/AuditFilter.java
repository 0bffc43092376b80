package org.nelmregistry.submission;

import java.util.UUID;

/** Which audit entries a list asks for; a null member does not filter. */
public record AuditFilter(UUID caseId, String actor) {
}
