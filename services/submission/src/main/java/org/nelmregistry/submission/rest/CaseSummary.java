package org.nelmregistry.submission.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.nelmregistry.submission.CaseRecord;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A case in a list: what it is about, without its content. */
@Schema(description = "A case in a list, without its content")
public record CaseSummary(UUID id, String centreId, int revision, String status, BigDecimal completeness,
        List<String> procedureTypes, LocalDate firstProcedureDate,
        @Schema(description = "How many data-quality flags the case has") int qualityFlags, Instant updatedAt) {

    static CaseSummary of(CaseRecord c) {
        return new CaseSummary(c.id, c.centreId, c.revision, c.status, c.completeness, List.of(c.procedureTypes),
                c.firstProcedureDate, c.qualityFlags.size(), c.updatedAt);
    }
}
