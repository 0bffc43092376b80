package org.nelmregistry.deidentification.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Section;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code GET /api/v1/policy}: what happens to every field of the form, in the form's order. */
@Schema(name = "Policy", description = "The de-identification policy in force, field by field from the case report form")
@JsonPropertyOrder({"policy_version", "form_version", "fields"})
public record PolicyView(
        @Schema(description = "Version of the mapping from privacy class to action") int policyVersion,
        @Schema(description = "Version of the case report form the fields come from") int formVersion,
        List<FieldPolicy> fields) {

    /** One field: its privacy class in the form and what leaves the trust boundary of it. */
    @Schema(name = "FieldPolicy")
    @JsonPropertyOrder({"section", "code", "privacy", "action"})
    public record FieldPolicy(String section, String code,
            @Schema(description = "Privacy class in the form", enumeration = {"direct", "link", "birth", "date", "quasi", "clinical", "text"})
            String privacy,
            @Schema(description = "What is released", enumeration = {"drop", "age_at_index", "days_from_index", "keep"})
            String action) {
    }

    static PolicyView of(int policyVersion, CaseReportForm form) {
        List<FieldPolicy> fields = new ArrayList<>();
        for (Section s : form.sections()) {
            for (Field f : s.fields()) {
                fields.add(new FieldPolicy(s.code(), f.code(), f.privacy().code(), f.privacy().release().name().toLowerCase(Locale.ROOT)));
            }
        }
        return new PolicyView(policyVersion, form.version(), List.copyOf(fields));
    }
}
