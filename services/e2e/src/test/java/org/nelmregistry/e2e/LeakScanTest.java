package org.nelmregistry.e2e;

import org.junit.jupiter.api.Test;
import org.nelmregistry.testsupport.SampleCases;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leak scanner finds each form of a leak it claims to find, and nothing in clean text. */
class LeakScanTest {

    static final SampleCases.Identity WHO = LeakScan.nonAscii("a1b2c3d4e5");
    static final UnaryOperator<LocalDate> SAME = d -> d;

    static List<String> find(String text) {
        return LeakScan.find("{\"record\":{\"sex\":\"female\",\"index_year\":2014},\"at\":\"2026-11-29T06:00:00Z\"}\n" + text + "\n",
                List.of(WHO), SAME);
    }

    static void finds(String field, String text) {
        List<String> found = find(text);
        assertTrue(found.contains(field + " of person 0"), "not found: " + text + " -> " + found);
    }

    @Test
    void cleanTextHoldsNothing() {
        assertEquals(List.of(), find("pp_0f3a9c case C001 12345678 lesions 4 age 61 2014-02-20"));
    }

    @Test
    void findsAnyCaseAndTheServicesNormalisedForms() {
        finds("family_name", WHO.familyName());
        finds("family_name", WHO.familyName().toUpperCase());
        finds("family_name", "muller-ludenscheidta1b2c3d4e5");
        finds("given_name", "OYVIND AERO A1B2C3D4E5");
        finds("given_name", "øyvind ærøa1b2c3d4e5");
        finds("national_id", "NIDA1B2C3D4E577");
        finds("email", WHO.email().toUpperCase());
        finds("notes", WHO.notes());
    }

    @Test
    void findsEscapedAndEncodedForms() {
        finds("family_name", "{\"n\":\"M\\u00fcller-L\\u00fcdenscheidta1b2c3d4e5\"}");
        finds("email", "mailto=" + java.net.URLEncoder.encode(WHO.email(), StandardCharsets.UTF_8).replace(".", "%2E"));
        finds("local_ref", "blob " + Base64.getEncoder().encodeToString(("{\"local_ref\":\"" + WHO.localRef() + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + " end");
        finds("given_name", "h=" + Base64.getUrlEncoder().encodeToString(WHO.givenName().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void findsBirthDatesInOtherFormats() {
        LocalDate birth = LocalDate.parse(WHO.birthDate());
        for (String pattern : List.of("yyyy-MM-dd", "dd.MM.yyyy", "yyyyMMdd", "dd/MM/yyyy")) {
            finds("birth_date", "born " + birth.format(DateTimeFormatter.ofPattern(pattern)) + ".");
        }
        finds("birth_date", Base64.getEncoder().encodeToString(("{\"birth_date\":\"" + birth + "\"}").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void assertNoIdentityFailsWithoutPrintingTheValue() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> LeakScan.assertNoIdentity("the log", WHO.mrn(), List.of(WHO), SAME));
        assertTrue(e.getMessage().contains("medical_record_number of person 0"), e.getMessage());
        assertTrue(!e.getMessage().contains(WHO.mrn()), "the report never carries the value");
    }
}
