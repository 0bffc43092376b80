package org.nelmregistry.contracts;

import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.FieldType;
import org.nelmregistry.contracts.crf.Privacy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaseReportFormTest {

    final CaseReportForm form = CaseReportForm.current();

    @Test
    void readsTheWholeFormVersionOne() {
        assertEquals(1, form.version());
        assertEquals(List.of("patient", "primary_tumour", "liver_disease", "imaging", "biomarkers",
                "neoadjuvant_therapy", "procedures", "follow_up"), form.sections().stream().map(s -> s.code()).toList());
        assertEquals(78, form.fields().count());
        assertEquals(11, form.rules().size());
        assertTrue(form.section("procedures").orElseThrow().atLeastOne());
        assertFalse(form.section("patient").orElseThrow().many());
        assertEquals(List.of("liver_transplantation", "multivisceral_transplantation"), form.procedureGroup("transplantation"));
    }

    @Test
    void everyFieldHasTypePrivacyAndRequiredLevel() {
        form.fields().forEach(f -> {
            assertNotNull(f.type(), f.code());
            assertNotNull(f.privacy(), f.code());
            assertNotNull(f.required(), f.code());
        });
    }

    @Test
    void identifiersCarryTheirPrivacyClasses() {
        Field birth = form.section("patient").orElseThrow().field("birth_date").orElseThrow();
        assertEquals(Privacy.BIRTH, birth.privacy());
        assertEquals(FieldType.DATE, birth.type());
        assertEquals(Privacy.LINK, form.section("patient").orElseThrow().field("national_id").orElseThrow().privacy());
        assertEquals(Privacy.TEXT, form.section("patient").orElseThrow().field("notes").orElseThrow().privacy());
    }

    @Test
    void countryValuesAreIsoCodes() {
        List<String> countries = form.section("patient").orElseThrow().field("country").orElseThrow().values();
        assertTrue(countries.contains("DE") && countries.contains("GB") && countries.size() > 200, "ISO 3166 alpha-2");
    }

    @Test
    void aFieldWithoutPrivacyClassIsRefused() {
        String yaml = "version: 1\nsections:\n  patient:\n    cardinality: one\n    fields:\n"
                + "      - {code: new_field, type: string, required: optional}\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaseReportForm.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("patient.new_field has no privacy"), e.getMessage());
    }
}
