package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.nelmregistry.submission.service.CaseService;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Every revision of a case: who, when, which fields changed old -> new. */
@Schema(name = "CaseHistory", description = "Every revision of a case as field changes")
public record CaseHistoryView(UUID id, String status, List<Revision> revisions) {

    /** One revision and its changes from the one before. */
    @Schema(name = "CaseRevisionChanges")
    public record Revision(int revision, String changedBy, Instant changedAt, List<Change> changes) {
    }

    /** One changed field: old and new value, null when absent. */
    @Schema(name = "FieldChange")
    public record Change(@Schema(description = "JSON pointer into the case") String pointer,
            @JsonProperty("old") @Schema(description = "The value before; null when absent") JsonNode oldValue,
            @JsonProperty("new") @Schema(description = "The value after; null when removed") JsonNode newValue) {
    }

    static CaseHistoryView of(CaseService.History h) {
        return new CaseHistoryView(h.record().id, h.record().status, h.revisions().stream()
                .map(r -> new Revision(r.revision(), r.changedBy(), r.changedAt(), r.changes().stream()
                        .map(c -> new Change(c.pointer(), c.oldValue(), c.newValue())).toList()))
                .toList());
    }
}
