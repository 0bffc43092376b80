package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.testsupport.SampleCases;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule R1-R11 and every conditional field, with a passing and a failing case. */
class CaseRulesTest {

    final CaseValidator validator = new CaseValidator();

    static ObjectNode base() {
        return SampleCases.valid(SampleCases.identity("rules"), "registry_and_research");
    }

    static ObjectNode patient(ObjectNode c) {
        return (ObjectNode) c.get("patient");
    }

    static ObjectNode tumour(ObjectNode c) {
        return (ObjectNode) c.get("primary_tumour");
    }

    static ObjectNode liver(ObjectNode c) {
        return (ObjectNode) c.get("liver_disease");
    }

    static ObjectNode proc(ObjectNode c, int i) {
        return (ObjectNode) c.get("procedures").get(i);
    }

    static ObjectNode visit(ObjectNode c, int i) {
        return (ObjectNode) c.get("follow_up").get(i);
    }

    /** A second procedure (appended) of the given type, with the fields its type requires. */
    static ObjectNode addProcedure(ObjectNode c, String type, String date, String margin) {
        ObjectNode p = ((ArrayNode) c.get("procedures")).addObject();
        p.put("procedure_date", date).put("procedure_type", type).put("approach", "open").put("intent", "curative")
                .put("margin", margin).put("clavien_dindo_max", "none").put("length_of_stay_days", 5);
        return p;
    }

    ObjectNode ok(Consumer<ObjectNode> change) {
        ObjectNode c = base();
        change.accept(c);
        CaseValidator.Result r = validator.check(c);
        assertEquals(List.of(), r.errors(), "expected valid");
        return c;
    }

    Set<String> errors(Consumer<ObjectNode> change) {
        ObjectNode c = base();
        change.accept(c);
        return validator.check(c).errors().stream().map(e -> e.pointer() + " " + e.rule()).collect(Collectors.toSet());
    }

    void fails(Consumer<ObjectNode> change, String... expected) {
        assertEquals(Set.of(expected), errors(change));
    }

    @Test
    void theSampleIsValid() {
        ok(c -> { });
    }

    @Test
    void r1Dates() {
        ok(c -> patient(c).put("consent_date", LocalDate.now(ZoneOffset.UTC).plusDays(1).toString()));
        fails(c -> patient(c).put("consent_date", LocalDate.now(ZoneOffset.UTC).plusDays(3).toString()),
                "/patient/consent_date R1-dates-in-order");
        fails(c -> tumour(c).put("diagnosis_date", patient(c).path("birth_date").asText()),
                "/primary_tumour/diagnosis_date R1-dates-in-order");
        fails(c -> visit(c, 0).put("visit_date", "1950-01-01"), "/follow_up/0/visit_date R1-dates-in-order");
    }

    @Test
    void r2ProcedureSequence() {
        ok(c -> {
            addProcedure(c, "alpps_stage1", "2024-03-01", "not_applicable").put("segments_resected", 0).put("sflr_percent", 22.5);
            addProcedure(c, "alpps_stage2", "2024-03-02", "R0").put("segments_resected", 4).put("sflr_percent", 35)
                    .put("phlf_isgls", "A");
        });
        fails(c -> {
            addProcedure(c, "alpps_stage1", "2024-03-02", "not_applicable").put("segments_resected", 0).put("sflr_percent", 22.5);
            addProcedure(c, "alpps_stage2", "2024-03-02", "R0").put("segments_resected", 4).put("sflr_percent", 35)
                    .put("phlf_isgls", "A");
        }, "/procedures/2/procedure_type R2-procedure-sequence");
        fails(c -> addProcedure(c, "two_stage_stage2", "2024-06-01", "R1").put("segments_resected", 3).put("sflr_percent", 40)
                .put("phlf_isgls", "none"), "/procedures/1/procedure_type R2-procedure-sequence");
    }

    @Test
    void r3WhoGrade() {
        ok(c -> tumour(c).put("ki67_percent", 2.9).put("who_grade", "G1"));
        ok(c -> tumour(c).put("ki67_percent", 2).put("mitotic_count_per_2mm2", 25).put("who_grade", "G3"));
        ok(c -> {
            tumour(c).remove("ki67_percent");
            tumour(c).put("mitotic_count_per_2mm2", 5);
        });
        ok(c -> tumour(c).put("differentiation", "poorly_differentiated").put("ki67_percent", 60).put("who_grade", "NEC"));
        ok(c -> tumour(c).put("differentiation", "minen").put("who_grade", "MiNEN"));
        fails(c -> tumour(c).put("ki67_percent", 21), "/primary_tumour/who_grade R3-who-grade");
        fails(c -> tumour(c).put("mitotic_count_per_2mm2", 1).put("ki67_percent", 1).put("who_grade", "G2"),
                "/primary_tumour/who_grade R3-who-grade");
        fails(c -> tumour(c).put("differentiation", "poorly_differentiated"), "/primary_tumour/who_grade R3-who-grade");
    }

    @Test
    void r4Margin() {
        ok(c -> addProcedure(c, "ablation", "2024-05-01", "not_applicable").put("ablation_modality", "mwa"));
        fails(c -> addProcedure(c, "ablation", "2024-05-01", "R0").put("ablation_modality", "mwa"),
                "/procedures/1/margin R4-margin-applicability");
        fails(c -> proc(c, 0).put("margin", "not_applicable"), "/procedures/0/margin R4-margin-applicability");
    }

    @Test
    void r5ConditionalFieldsOfProcedures() {
        fails(c -> proc(c, 0).remove("segments_resected"), "/procedures/0/segments_resected R5-conditional-required");
        fails(c -> proc(c, 0).remove("phlf_isgls"), "/procedures/0/phlf_isgls R5-conditional-required");
        fails(c -> addProcedure(c, "portal_vein_embolisation", "2024-01-20", "not_applicable").put("intent", "staging_or_bridging"),
                "/procedures/1/sflr_percent R5-conditional-required");
        fails(c -> addProcedure(c, "ablation", "2024-05-01", "not_applicable"), "/procedures/1/ablation_modality R5-conditional-required");
        fails(c -> addProcedure(c, "debulking", "2024-05-01", "R2").put("segments_resected", 2).put("phlf_isgls", "none"),
                "/procedures/1/cytoreduction_percent R5-conditional-required");
        fails(c -> addProcedure(c, "liver_transplantation", "2024-09-01", "R0"),
                "/procedures/1/milan_net_criteria_met R5-conditional-required", "/procedures/1/donor_type R5-conditional-required");
        ok(c -> addProcedure(c, "liver_transplantation", "2024-09-01", "R0").put("milan_net_criteria_met", false)
                .put("donor_type", "deceased"));
        ok(c -> addProcedure(c, "debulking", "2024-05-01", "R2").put("segments_resected", 2).put("phlf_isgls", "none")
                .put("cytoreduction_percent", 90));
    }

    @Test
    void r5ConditionalFieldsOfTumourAndFollowUp() {
        fails(c -> tumour(c).remove("primary_resection_date"), "/primary_tumour/primary_resection_date R5-conditional-required");
        ok(c -> tumour(c).put("primary_treatment", "not_resected").remove("primary_resection_date"));
        fails(c -> visit(c, 0).put("recurrence", "hepatic"), "/follow_up/0/recurrence_date R5-conditional-required");
        ok(c -> {
            visit(c, 0).put("recurrence", "hepatic").put("recurrence_date", "2024-08-01");
            ((ArrayNode) c.get("follow_up")).addObject().put("visit_date", "2025-02-01").put("vital_status", "alive")
                    .put("recurrence", "hepatic");
        });
    }

    @Test
    void ki67IsRequiredUnlessMitosesGiven() {
        ObjectNode c = base();
        tumour(c).remove("ki67_percent");
        tumour(c).put("who_grade", "G2");
        // no index at all: ki67 is missing (R5); the grade cannot be checked
        assertEquals(Set.of("/primary_tumour/ki67_percent R5-conditional-required"),
                validator.check(c).errors().stream().map(e -> e.pointer() + " " + e.rule()).collect(Collectors.toSet()));
        tumour(c).put("mitotic_count_per_2mm2", 5);
        assertEquals(List.of(), validator.check(c).errors());
    }

    @Test
    void r6Death() {
        ok(c -> visit(c, 0).put("vital_status", "dead").put("death_date", "2024-08-10").put("cause_of_death", "other_cause"));
        fails(c -> visit(c, 0).put("vital_status", "dead"), "/follow_up/0/death_date R6-death", "/follow_up/0/cause_of_death R6-death");
        fails(c -> visit(c, 0).put("death_date", "2024-08-10"), "/follow_up/0/death_date R6-death");
        fails(c -> visit(c, 0).put("vital_status", "dead").put("death_date", "2024-01-10").put("cause_of_death", "unknown"),
                "/follow_up/0/death_date R6-death");
        fails(c -> {
            visit(c, 0).put("vital_status", "dead").put("death_date", "2024-08-10").put("cause_of_death", "unknown");
            ((ArrayNode) c.get("follow_up")).addObject().put("visit_date", "2024-09-01").put("vital_status", "alive")
                    .put("recurrence", "none");
        }, "/follow_up/1/visit_date R6-death");
        fails(c -> {
            visit(c, 0).put("vital_status", "dead").put("death_date", "2024-08-10").put("cause_of_death", "unknown");
            ((ArrayNode) c.get("follow_up")).addObject().put("visit_date", "2024-09-01").put("vital_status", "dead")
                    .put("recurrence", "none").put("death_date", "2024-08-10").put("cause_of_death", "unknown");
        }, "/follow_up/1/visit_date R6-death");
    }

    @Test
    void r7Extrahepatic() {
        ok(c -> liver(c).put("extrahepatic_disease", true).putArray("extrahepatic_sites").add("bone"));
        fails(c -> liver(c).put("extrahepatic_disease", true), "/liver_disease/extrahepatic_sites R7-extrahepatic");
        fails(c -> liver(c).put("extrahepatic_disease", true).putArray("extrahepatic_sites"),
                "/liver_disease/extrahepatic_sites R7-extrahepatic");
        fails(c -> liver(c).putArray("extrahepatic_sites").add("lung"), "/liver_disease/extrahepatic_sites R7-extrahepatic");
    }

    @Test
    void r8HepatectomyExtent() {
        ok(c -> proc(c, 0).put("procedure_type", "minor_hepatectomy").put("segments_resected", 2));
        fails(c -> proc(c, 0).put("segments_resected", 2), "/procedures/0/segments_resected R8-hepatectomy-extent");
        fails(c -> proc(c, 0).put("procedure_type", "minor_hepatectomy").put("segments_resected", 3),
                "/procedures/0/segments_resected R8-hepatectomy-extent");
    }

    @Test
    void r9IsAWarningNotAnError() {
        ObjectNode c = base();
        addProcedure(c, "liver_transplantation", "2024-09-01", "R0").put("milan_net_criteria_met", true).put("donor_type", "deceased");
        CaseValidator.Result r = validator.check(c);
        assertEquals(List.of(), r.errors());
        // born 1940-1965, transplanted 2024: older than 55
        assertEquals(List.of("/procedures/1/milan_net_criteria_met R9-transplant-criteria"),
                r.warnings().stream().map(e -> e.pointer() + " " + e.rule()).toList());
        patient(c).put("birth_date", "1980-01-01");
        assertEquals(List.of(), validator.check(c).warnings());
        liver(c).put("liver_involvement_percent", 60);
        assertEquals(1, validator.check(c).warnings().size());
    }

    @Test
    void r10DistributionType() {
        ok(c -> liver(c).put("distribution_type", "type_I_simple").put("lesion_count", 1).put("bilobar", false));
        fails(c -> liver(c).put("distribution_type", "type_I_simple"), "/liver_disease/distribution_type R10-distribution-type");
        fails(c -> liver(c).put("bilobar", false), "/liver_disease/distribution_type R10-distribution-type");
    }

    @Test
    void r11ExclusiveNone() {
        ok(c -> visit(c, 0).putArray("further_treatment").add("none"));
        fails(c -> visit(c, 0).putArray("further_treatment").add("none").add("prrt"), "/follow_up/0/further_treatment R11-exclusive-none");
    }

    @Test
    void fiveRulesFiveErrorsInOneResponse() {
        Set<String> e = errors(c -> {
            patient(c).put("consent_date", "2999-01-01");                 // R1
            tumour(c).put("ki67_percent", 40);                             // R3
            proc(c, 0).put("margin", "not_applicable");                    // R4
            proc(c, 0).put("segments_resected", 1);                        // R8
            liver(c).put("bilobar", false);                                // R10
        });
        assertEquals(Set.of("/patient/consent_date R1-dates-in-order", "/primary_tumour/who_grade R3-who-grade",
                "/procedures/0/margin R4-margin-applicability", "/procedures/0/segments_resected R8-hepatectomy-extent",
                "/liver_disease/distribution_type R10-distribution-type"), e);
    }

    @Test
    void detailsNeverQuoteValues() {
        ObjectNode c = base();
        patient(c).put("family_name", "x".repeat(101));
        patient(c).put("email", 17);
        for (ProblemError e : validator.check(c).errors()) {
            assertTrue(!e.detail().contains("xxxx"), e.detail());
        }
    }
}
