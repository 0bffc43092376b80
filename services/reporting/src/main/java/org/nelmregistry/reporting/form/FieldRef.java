package org.nelmregistry.reporting.form;

import com.fasterxml.jackson.databind.JsonNode;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;

import java.util.Optional;

/** A field of the case report form by section and code, as reporting reads it in a stored record. */
public record FieldRef(String section, String code) {

    /** The field in {@code form}, if it has it. */
    public Optional<Field> in(CaseReportForm form) {
        return form.section(section).flatMap(s -> s.field(code));
    }

    /** The field in the form shipped with this build (FormCodes checks it exists). */
    public Field field() {
        return in(CaseReportForm.current()).orElseThrow(() -> new IllegalStateException("the form has no " + this));
    }

    /** The value of the field in a one-per-case section of a record (missing node when absent). */
    public JsonNode of(JsonNode record) {
        return record.path(section).path(code);
    }

    /** The field's text in a record, or null. */
    public String text(JsonNode record) {
        JsonNode v = of(record);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return section + "." + code;
    }
}
