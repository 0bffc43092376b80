package org.nelmregistry.risk;

import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Privacy;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.contracts.event.CaseDeidentified;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quasi-identifier list is written in Java, so it is checked against its sources here: the
 * case report form (fields of privacy class quasi, by code) and the de-identified record
 * (the values de-identification computes). A renamed field, a changed privacy class or a new
 * quasi field in the form fails this test.
 */
class QuasiIdentifierFormTest {

    static final CaseReportForm FORM = CaseReportForm.current();

    @Test
    void everyFormFieldAQuasiIdentifierReadsIsAQuasiFieldOfASingleSection() {
        for (QuasiIdentifier qi : QuasiIdentifier.values()) {
            if (!qi.formField()) {
                continue;
            }
            List<Field> matches = FORM.fields().filter(f -> f.code().equals(qi.key())).toList();
            assertEquals(1, matches.size(), qi + " reads form field " + qi.key() + ": the form must have exactly one field of that code");
            Field f = matches.get(0);
            assertEquals(Privacy.QUASI, f.privacy(), qi + " reads " + f.section() + "." + f.code() + ", whose privacy class changed");
            // released_records.quasi holds the quasi fields of single sections (one value per record)
            Section s = FORM.section(f.section()).orElseThrow();
            assertFalse(s.many(), f.section() + "." + f.code() + " is in a repeated section: one record has many values");
        }
    }

    @Test
    void everyQuasiFieldOfTheFormIsReadByAQuasiIdentifier() {
        Set<String> quasi = FORM.fields().filter(f -> f.privacy() == Privacy.QUASI).map(Field::code)
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(quasi.isEmpty());
        assertEquals(quasi, new TreeSet<>(QuasiIdentifier.formFieldCodes()),
                "the form's quasi fields and the quasi-identifiers that read form fields differ");
    }

    @Test
    void theComputedValuesAreFieldsOfTheDeidentifiedRecord() {
        Set<String> recordFields = Arrays.stream(CaseDeidentified.class.getRecordComponents()).map(RecordComponent::getName)
                .map(QuasiIdentifierFormTest::snake).collect(Collectors.toSet());
        for (QuasiIdentifier qi : QuasiIdentifier.values()) {
            if (!qi.formField()) {
                assertTrue(recordFields.contains(qi.key()), qi + " reads " + qi.key() + ", which CaseDeidentified does not carry");
                assertTrue(FORM.fields().noneMatch(f -> f.code().equals(qi.key())), qi.key() + " is also a form field");
            }
        }
        // age_at_index is computed from the form's one birth field
        assertEquals(1, FORM.fields().filter(f -> f.privacy() == Privacy.BIRTH).count());
    }

    @Test
    void theKeysAreTheOnesNamed() {
        assertEquals("sex", QuasiIdentifier.SEX.key());
        assertEquals(QuasiIdentifier.Keys.AGE_AT_INDEX, QuasiIdentifier.AGE_BAND_10.key());
        assertEquals(QuasiIdentifier.Keys.CENTRE_ID, QuasiIdentifier.CENTRE.key());
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
