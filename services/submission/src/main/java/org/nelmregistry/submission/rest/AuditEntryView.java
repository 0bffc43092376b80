package org.nelmregistry.submission.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.nelmregistry.submission.AuditEvent;

import java.time.Instant;
import java.util.UUID;

/** Who read or changed which case, when; never a value of the case. */
@Schema(name = "AuditEntry", description = "Who read or changed which case, when")
public record AuditEntryView(Instant at, String actor, String action, UUID caseId, String centreId) {

    static AuditEntryView of(AuditEvent e) {
        return new AuditEntryView(e.at, e.actor, e.action, e.caseId, e.centreId);
    }
}
