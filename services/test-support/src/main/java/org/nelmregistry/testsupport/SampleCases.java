package org.nelmregistry.testsupport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Valid NELM cases for tests, with distinctive identifier values (so a test can prove that
 * none of them leaks downstream).
 */
public final class SampleCases {

    private SampleCases() {
    }

    /** Identifier values of a sample case, as submitted. */
    public record Identity(String localRef, String familyName, String givenName, String birthDate, String nationalId,
            String mrn, String postcode, String phone, String email, String notes) {

        public List<String> values() {
            return List.of(localRef, familyName, givenName, birthDate, nationalId, mrn, postcode, phone, email, notes);
        }
    }

    /** An identity whose values are unique to {@code tag} (letters and digits). */
    public static Identity identity(String tag) {
        // a birth date of its own too (1940-1965), so leak checks can look for it
        int h = Math.abs(tag.hashCode());
        String birth = java.time.LocalDate.of(1940 + h % 26, 1 + (h / 26) % 12, 1 + (h / 312) % 28).toString();
        return new Identity("LR-" + tag, "Qwertzova" + tag, "Xanthippe" + tag, birth, "NID" + tag + "77",
                "MRN" + tag + "42", "PC" + tag, "+4455501" + tag, "patient." + tag + "@mail.example",
                "note about patient " + tag + " Zebulon");
    }

    /**
     * The same case with every date moved by {@code years} (so a test can own its own index
     * year, and with it its own summary cells).
     */
    public static ObjectNode shiftYears(ObjectNode c, int years) {
        ObjectNode copy = c.deepCopy();
        shift(copy, years);
        return copy;
    }

    private static void shift(com.fasterxml.jackson.databind.JsonNode n, int years) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            java.util.List<String> names = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                com.fasterxml.jackson.databind.JsonNode v = o.get(k);
                if (v.isTextual() && v.asText().matches("\\d{4}-\\d{2}-\\d{2}")) {
                    o.put(k, java.time.LocalDate.parse(v.asText()).plusYears(years).toString());
                } else {
                    shift(v, years);
                }
            }
        } else if (n.isArray()) {
            n.forEach(e -> shift(e, years));
        }
    }

    /** A complete valid case: synchronous disease, curative major hepatectomy (R0), alive at follow-up. */
    public static ObjectNode valid(Identity id, String consentScope) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode c = f.objectNode();
        ObjectNode p = c.putObject("patient");
        p.put("local_ref", id.localRef());
        p.put("family_name", id.familyName());
        p.put("given_name", id.givenName());
        p.put("birth_date", id.birthDate());
        p.put("sex", "female");
        p.put("national_id", id.nationalId());
        p.put("medical_record_number", id.mrn());
        p.put("postcode", id.postcode());
        p.put("country", "DE");
        p.put("phone", id.phone());
        p.put("email", id.email());
        p.put("consent_date", "2024-01-15");
        p.put("consent_scope", consentScope);
        p.put("asa_class", "II");
        p.put("notes", id.notes());
        ObjectNode t = c.putObject("primary_tumour");
        t.put("diagnosis_date", "2023-11-02");
        t.put("primary_site", "small_intestine");
        t.put("differentiation", "well_differentiated");
        t.put("ki67_percent", 6.5);
        t.put("who_grade", "G2");
        t.put("functional_syndrome", "carcinoid_syndrome");
        t.put("primary_treatment", "resected_with_liver");
        t.put("primary_resection_date", "2024-02-20");
        ObjectNode l = c.putObject("liver_disease");
        l.put("presentation", "synchronous");
        l.put("liver_metastasis_diagnosis_date", "2023-11-10");
        l.put("lesion_count", 4);
        l.put("largest_lesion_mm", 38);
        l.put("liver_involvement_percent", 15);
        l.put("distribution_type", "type_II_complex");
        l.put("bilobar", true);
        l.put("extrahepatic_disease", false);
        ObjectNode img = c.putArray("imaging").addObject();
        img.put("imaging_date", "2023-12-01");
        img.put("modality", "ga68_ssa_pet");
        img.put("ssa_receptor_positive", true);
        ObjectNode bio = c.putArray("biomarkers").addObject();
        bio.put("sample_date", "2023-12-03");
        bio.put("chromogranin_a_ug_l", 310.5);
        ObjectNode neo = c.putArray("neoadjuvant_therapy").addObject();
        neo.put("therapy", "somatostatin_analogue");
        neo.put("start_date", "2023-12-10");
        ObjectNode pr = c.putArray("procedures").addObject();
        pr.put("procedure_date", "2024-02-20");
        pr.put("procedure_type", "major_hepatectomy");
        pr.put("approach", "open");
        pr.put("intent", "curative");
        pr.put("segments_resected", 4);
        pr.put("concurrent_primary_resection", true);
        pr.put("margin", "R0");
        pr.put("clavien_dindo_max", "II");
        pr.put("phlf_isgls", "none");
        pr.put("length_of_stay_days", 9);
        ObjectNode fu = c.putArray("follow_up").addObject();
        fu.put("visit_date", "2024-08-20");
        fu.put("vital_status", "alive");
        fu.put("recurrence", "none");
        return c;
    }
}
