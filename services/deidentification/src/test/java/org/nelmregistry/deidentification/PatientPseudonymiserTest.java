package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PatientPseudonymiserTest {

    static ObjectNode patient(String family, String given, String birth, String nid, String country) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("family_name", family).put("given_name", given).put("birth_date", birth).put("sex", "male").put("country", country);
        if (nid != null) {
            p.put("national_id", nid);
        }
        return p;
    }

    static String pseudonym(ObjectNode p) {
        return "pp_" + PatientPseudonymiser.hmac("test-key", PatientPseudonymiser.identity(p));
    }

    @Test
    void accentsCaseAndSpacesDoNotMatter() {
        assertEquals(pseudonym(patient("Müller", "Jörg  Anton", "1950-01-02", null, "DE")),
                pseudonym(patient(" MULLER", "jorg anton", "1950-01-02", null, "DE")));
    }

    @Test
    void transliterationIsNotGuessed() {
        // "Mueller" is a different spelling, not a normalisation of "Müller": not linked by names alone
        assertNotEquals(pseudonym(patient("Müller", "Jörg", "1950-01-02", null, "DE")),
                pseudonym(patient("Mueller", "Jörg", "1950-01-02", null, "DE")));
    }

    @Test
    void nationalIdWinsAndIgnoresPunctuation() {
        assertEquals(pseudonym(patient("A", "B", "1950-01-02", "123 456-789", "DE")),
                pseudonym(patient("Other", "Name", "1960-01-01", "123456789", "DE")));
        assertNotEquals(pseudonym(patient("A", "B", "1950-01-02", "123456789", "DE")),
                pseudonym(patient("A", "B", "1950-01-02", "123456789", "FR")), "same number in two countries");
    }

    @Test
    void twinsAreNeverLinked() {
        assertNotEquals(pseudonym(patient("Smith", "Anna", "1970-05-05", null, "GB")),
                pseudonym(patient("Smith", "Hanna", "1970-05-05", null, "GB")));
    }

    @Test
    void theKeyMatters() {
        String id = PatientPseudonymiser.identity(patient("A", "B", "1950-01-02", null, "DE"));
        assertNotEquals(PatientPseudonymiser.hmac("k1", id), PatientPseudonymiser.hmac("k2", id));
    }
}
