package org.nelmregistry.deidentification.service;

import org.nelmregistry.contracts.crf.Privacy;

import java.util.Map;

/**
 * The codes of the case report form that de-identification reads by name: the patient section,
 * the fields linkage hashes (with the privacy class each must keep) and the procedure fields of
 * the index procedure. Everything else follows the form's privacy classes
 * ({@link DeidentificationPolicy}). {@code FormFieldsTest} checks every code and class against
 * the form, and that no identity field of the form is left out of linkage.
 */
public final class FormFields {

    public static final String PATIENT = "patient";
    public static final String PROCEDURES = "procedures";
    public static final String PROCEDURE_DATE = "procedure_date";
    public static final String PROCEDURE_TYPE = "procedure_type";

    /** Linkage by national id: country + national id. */
    public static final String COUNTRY = "country";
    public static final String NATIONAL_ID = "national_id";
    /** Linkage without one: family and given name, birth date, sex. */
    public static final String FAMILY_NAME = "family_name";
    public static final String GIVEN_NAME = "given_name";
    public static final String BIRTH_DATE = "birth_date";
    public static final String SEX = "sex";

    /** The patient fields linkage reads, with the privacy class each has in the form. */
    public static final Map<String, Privacy> LINKAGE = Map.of(
            COUNTRY, Privacy.QUASI,
            NATIONAL_ID, Privacy.LINK,
            FAMILY_NAME, Privacy.LINK,
            GIVEN_NAME, Privacy.LINK,
            BIRTH_DATE, Privacy.BIRTH,
            SEX, Privacy.QUASI);

    private FormFields() {
    }
}
