package org.nelmregistry.deidentification.service;

import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Privacy;
import org.nelmregistry.contracts.crf.Section;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codes de-identification reads by name ({@link FormFields}) against the case report form. */
class FormFieldsTest {

    static final CaseReportForm FORM = CaseReportForm.current();

    static Section section(String code) {
        return FORM.section(code).orElseThrow(() -> new AssertionError("the form has no section " + code));
    }

    static Field field(String section, String code) {
        return section(section).field(code).orElseThrow(() -> new AssertionError("the form has no field " + section + "." + code));
    }

    @Test
    void everyLinkageFieldIsAPatientFieldOfItsPrivacyClass() {
        assertFalse(section(FormFields.PATIENT).many());
        FormFields.LINKAGE.forEach((code, privacy) ->
                assertEquals(privacy, field(FormFields.PATIENT, code).privacy(), "privacy class of patient." + code));
    }

    @Test
    void linkageReadsEveryLinkFieldOfTheForm() {
        // a link field exists only to be hashed: one that linkage does not read would be dropped unused
        Set<String> link = FORM.fields().filter(f -> f.privacy() == Privacy.LINK).map(f -> f.section() + "." + f.code())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> read = FormFields.LINKAGE.entrySet().stream().filter(e -> e.getValue() == Privacy.LINK)
                .map(e -> FormFields.PATIENT + "." + e.getKey()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(link, read);
    }

    @Test
    void theBirthDateIsThePatientsOnlyBirthField() {
        assertEquals(Set.of(FormFields.BIRTH_DATE), section(FormFields.PATIENT).fields().stream()
                .filter(f -> f.privacy() == Privacy.BIRTH).map(Field::code).collect(Collectors.toSet()));
    }

    @Test
    void theIndexProcedureFieldsAreInTheRepeatedProcedureSection() {
        assertTrue(section(FormFields.PROCEDURES).many());
        assertEquals(Privacy.DATE, field(FormFields.PROCEDURES, FormFields.PROCEDURE_DATE).privacy());
        assertEquals(Privacy.CLINICAL, field(FormFields.PROCEDURES, FormFields.PROCEDURE_TYPE).privacy());
    }
}
