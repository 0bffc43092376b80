package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.reporting.report.AnalyticCase;
import org.nelmregistry.reporting.report.AnalyticProcedure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule of the form's derived: section, and the choices docs/analytics.md records for the open cases. */
class OutcomeDerivationTest {

    final OutcomeDerivation derivation = OutcomeDerivation.current();

    /** A de-identified record under construction (dates are days from the index procedure). */
    static final class Rec {
        final ObjectNode root = JsonNodeFactory.instance.objectNode();
        final ArrayNode procedures;
        final ArrayNode visits;

        Rec() {
            root.putObject("patient").put("sex", "female").put("consent_scope", "registry_only").put("consent_date", -30);
            root.putObject("primary_tumour").put("primary_site", "small_intestine").put("who_grade", "G2");
            root.putObject("liver_disease").put("distribution_type", "type_II_complex");
            procedures = root.putArray("procedures");
            visits = root.putArray("follow_up");
        }

        /** A procedure with a margin, Clavien-Dindo grade and (for final resective steps) PHLF. */
        Rec proc(int day, String type, String intent, String margin, String clavien, String phlf) {
            ObjectNode p = procedures.addObject().put("procedure_date", day).put("procedure_type", type).put("intent", intent)
                    .put("approach", "open").put("length_of_stay_days", 5);
            if (margin != null) {
                p.put("margin", margin);
            }
            if (clavien != null) {
                p.put("clavien_dindo_max", clavien);
            }
            if (phlf != null) {
                p.put("phlf_isgls", phlf);
            }
            return this;
        }

        Rec resection(int day) {
            return proc(day, "major_hepatectomy", "curative", "R0", "II", "A");
        }

        Rec alive(int day) {
            visits.addObject().put("visit_date", day).put("vital_status", "alive").put("recurrence", "none");
            return this;
        }

        Rec lost(int day) {
            visits.addObject().put("visit_date", day).put("vital_status", "lost_to_follow_up").put("recurrence", "none");
            return this;
        }

        Rec dead(int visit, int death) {
            visits.addObject().put("visit_date", visit).put("vital_status", "dead").put("recurrence", "none")
                    .put("death_date", death).put("cause_of_death", "other_cause");
            return this;
        }

        Rec recurrence(int visit, String kind, Integer date) {
            ObjectNode v = visits.addObject().put("visit_date", visit).put("vital_status", "alive").put("recurrence", kind);
            if (date != null) {
                v.put("recurrence_date", date);
            }
            return this;
        }

        AnalyticCase derive(OutcomeDerivation d) {
            String indexType = procedures.isEmpty() ? null : procedures.get(0).path("procedure_type").asText();
            return d.derive(new CaseDeidentified(UUID.randomUUID(), "cp-1", "pp-1", "C001", 1, Instant.now(), 1, 1, "k1",
                    2021, indexType, 61, root)).orElseThrow();
        }
    }

    AnalyticCase derive(Rec r) {
        return r.derive(derivation);
    }

    // --- the index procedure

    @Test
    void theIndexIsTheEarliestCurativeOrCytoreductiveProcedureNotAnEarlierStagingStep() {
        AnalyticCase c = derive(new Rec().proc(-40, "portal_vein_embolisation", "staging_or_bridging", "not_applicable", "I", null)
                .resection(0).alive(400));
        assertEquals("major_hepatectomy", c.indexProcedureType());
        assertEquals("curative", c.indexProcedureIntent());
        assertEquals(List.of(-40, 0), c.procedures().stream().map(AnalyticProcedure::day).toList());
        assertEquals(400, c.osDays());
    }

    @Test
    void tiesOnTheIndexDateGoToTheFirstListed() {
        AnalyticCase c = derive(new Rec().proc(0, "ablation", "cytoreductive", "not_applicable", "none", null)
                .proc(0, "minor_hepatectomy", "curative", "R1", "IIIb", "none").alive(200));
        assertEquals("ablation", c.indexProcedureType());
        assertEquals("cytoreductive", c.indexProcedureIntent());
        // procedures keep chronological order, ties as listed, seq from 1
        assertEquals(List.of(1, 2), c.procedures().stream().map(AnalyticProcedure::seq).toList());
        assertEquals(List.of("ablation", "minor_hepatectomy"), c.procedures().stream().map(AnalyticProcedure::procedureType).toList());
    }

    @Test
    void withoutACurativeOrCytoreductiveProcedureTheEarliestIsTheIndex() {
        AnalyticCase c = derive(new Rec().proc(0, "portal_vein_embolisation", "staging_or_bridging", "not_applicable", "none", null)
                .proc(30, "radiation_lobectomy", "staging_or_bridging", "not_applicable", "II", null).alive(120));
        assertEquals("portal_vein_embolisation", c.indexProcedureType());
        assertEquals("staging_or_bridging", c.indexProcedureIntent());
    }

    @Test
    void caseAttributesComeFromTheRecord() {
        AnalyticCase c = derive(new Rec().resection(0).alive(100));
        assertEquals("C001", c.centreId());
        assertEquals(2021, c.indexYear());
        assertEquals(61, c.ageAtIndex());
        assertEquals("female", c.sex());
        assertEquals("registry_only", c.consentScope());
        assertEquals("small_intestine", c.primarySite());
        assertEquals("G2", c.whoGrade());
        assertEquals("type_II_complex", c.distributionType());
        assertEquals("pp-1", c.patientPseudonym());
    }

    // --- death_90d

    @Test
    void deathOnDay90CountsDeathOnDay91DoesNot() {
        assertEquals(1, derive(new Rec().resection(0).dead(90, 90)).death90d());
        assertEquals(0, derive(new Rec().resection(0).dead(91, 91)).death90d());
        assertEquals(1, derive(new Rec().resection(0).dead(0, 0)).death90d(), "death on the day of the index");
    }

    @Test
    void aliveAtDay90IsZeroAliveOnlyToDay89IsNotEvaluable() {
        assertEquals(0, derive(new Rec().resection(0).alive(30).alive(90)).death90d());
        assertNull(derive(new Rec().resection(0).alive(89)).death90d());
    }

    @Test
    void noFollowUpIsNotEvaluable() {
        AnalyticCase c = derive(new Rec().resection(0));
        assertNull(c.death90d());
        assertEquals(0, c.osDays(), "no visit: to the latest procedure date");
        assertEquals(0, c.osEvent());
    }

    @Test
    void aLostToFollowUpVisitCountsAsALatestVisitDate() {
        // the definitions name visit_date whatever the vital status (docs/analytics.md)
        assertEquals(0, derive(new Rec().resection(0).lost(120)).death90d());
        assertEquals(120, derive(new Rec().resection(0).lost(120)).osDays());
    }

    @Test
    void aLaterProcedureShowsThePatientAliveWhenNoVisitFollowsIt() {
        // stage 2 on day 95 with no visit after it: known alive on day 95
        AnalyticCase c = derive(new Rec().proc(0, "alpps_stage1", "curative", "not_applicable", "II", null)
                .proc(95, "alpps_stage2", "curative", "R0", "IIIa", "B").alive(20));
        assertEquals(0, c.death90d());
        assertEquals(95, c.osDays());
        assertEquals(0, c.osEvent());
    }

    @Test
    void perProcedureDeathIsCountedFromEachProceduresOwnDate() {
        AnalyticCase c = derive(new Rec().proc(0, "alpps_stage1", "curative", "not_applicable", "none", null)
                .proc(10, "alpps_stage2", "curative", "R0", "II", "none").dead(95, 95));
        assertEquals(0, c.death90d(), "death on day 95 after the index");
        assertEquals(0, c.procedures().get(0).death90d());
        assertEquals(1, c.procedures().get(1).death90d(), "85 days after stage 2");
    }

    @Test
    void perProcedureDeathIsNotEvaluableWhenFollowUpEndsWithin90DaysOfThatProcedure() {
        AnalyticCase c = derive(new Rec().resection(0).proc(60, "ablation", "curative", "not_applicable", "none", null).alive(100));
        assertEquals(0, c.procedures().get(0).death90d());
        assertNull(c.procedures().get(1).death90d());
    }

    // --- major_morbidity

    @Test
    void majorMorbidityIsTheWorstGradeWithin90DaysOfTheIndex() {
        assertEquals(1, derive(new Rec().proc(0, "minor_hepatectomy", "curative", "R0", "IIIa", "none").alive(100)).majorMorbidity());
        assertEquals(0, derive(new Rec().proc(0, "minor_hepatectomy", "curative", "R0", "II", "none").alive(100)).majorMorbidity());
        assertEquals(1, derive(new Rec().resection(0).proc(90, "ablation", "curative", "not_applicable", "V", null).alive(100))
                .majorMorbidity(), "a procedure on day 90 is in the window");
        assertEquals(0, derive(new Rec().resection(0).proc(91, "ablation", "curative", "not_applicable", "IVb", null).alive(100))
                .majorMorbidity(), "day 91 is not");
        assertEquals(0, derive(new Rec().proc(-10, "portal_vein_embolisation", "staging_or_bridging", "not_applicable", "IIIb", null)
                .resection(0).alive(100)).majorMorbidity(), "a step before the index is not");
    }

    @Test
    void majorMorbidityPerProcedureIsThatProceduresGrade() {
        AnalyticCase c = derive(new Rec().resection(0).proc(91, "ablation", "curative", "not_applicable", "IVa", null).alive(200));
        assertEquals(List.of(0, 1), c.procedures().stream().map(AnalyticProcedure::majorMorbidity).toList());
    }

    @Test
    void anUngradedProcedureInTheWindowMakesAMinorCaseNotEvaluable() {
        assertNull(derive(new Rec().resection(0).proc(10, "ablation", "curative", "not_applicable", null, null).alive(100))
                .majorMorbidity());
        assertEquals(1, derive(new Rec().proc(0, "major_hepatectomy", "curative", "R0", "IVa", "A")
                .proc(10, "ablation", "curative", "not_applicable", null, null).alive(100)).majorMorbidity(),
                "a major grade decides whatever the ungraded one was");
    }

    // --- phlf_bc and r0_resection

    @Test
    void phlfAndMarginComeFromTheFirstFinalResectiveStepOnOrAfterTheIndex() {
        AnalyticCase c = derive(new Rec().proc(0, "two_stage_stage1", "curative", "not_applicable", "I", null)
                .proc(40, "two_stage_stage2", "curative", "R1", "II", "C")
                .proc(300, "minor_hepatectomy", "curative", "R0", "none", "none").alive(400));
        assertEquals(1, c.phlfBc());
        assertEquals(0, c.r0Resection(), "R1 on stage 2");
    }

    @Test
    void phlfGradeAIsNotBC() {
        AnalyticCase c = derive(new Rec().proc(0, "major_hepatectomy", "curative", "R0", "II", "A").alive(100));
        assertEquals(0, c.phlfBc());
        assertEquals(1, c.r0Resection());
    }

    @Test
    void aFinalStepBeforeTheIndexDoesNotCountAndWithoutOneTheCaseIsOutOfTheDenominator() {
        AnalyticCase c = derive(new Rec().proc(-20, "debulking", "staging_or_bridging", "R2", "II", "B")
                .proc(0, "ablation", "curative", "not_applicable", "none", null).alive(100));
        assertNull(c.phlfBc());
        assertNull(c.r0Resection());
        AnalyticCase transplant = derive(new Rec().proc(0, "liver_transplantation", "curative", "R0", "II", null).alive(100));
        assertNull(transplant.phlfBc(), "a transplantation is not a final resective step");
        assertNull(transplant.r0Resection());
    }

    @Test
    void perProcedurePhlfAndMarginOnlyForFinalResectiveSteps() {
        AnalyticCase c = derive(new Rec().proc(0, "alpps_stage1", "curative", "not_applicable", "II", null)
                .proc(12, "alpps_stage2", "curative", "R0", "IIIb", "B").alive(400));
        AnalyticProcedure stage1 = c.procedures().get(0);
        AnalyticProcedure stage2 = c.procedures().get(1);
        assertNull(stage1.phlfBc());
        assertNull(stage1.r0Resection());
        assertEquals(1, stage2.phlfBc());
        assertEquals(1, stage2.r0Resection());
        assertEquals(12, stage2.day());
        assertEquals("curative", stage2.intent());
    }

    // --- overall survival

    @Test
    void overallSurvivalRunsToDeathOrTheLatestVisit() {
        AnalyticCase dead = derive(new Rec().resection(0).alive(100).dead(800, 790));
        assertEquals(790, dead.osDays());
        assertEquals(1, dead.osEvent());
        AnalyticCase alive = derive(new Rec().resection(0).alive(100).alive(1500).alive(700));
        assertEquals(1500, alive.osDays());
        assertEquals(0, alive.osEvent());
    }

    // --- recurrence-free survival

    @Test
    void rfsEndsAtTheFirstRecurrenceOrDeathWhicheverComesFirst() {
        AnalyticCase c = derive(new Rec().resection(0).alive(100).recurrence(400, "hepatic", 380)
                .recurrence(500, "extrahepatic", 450).dead(900, 890));
        assertEquals(380, c.rfsDays());
        assertEquals(1, c.rfsEvent());
        AnalyticCase death = derive(new Rec().resection(0).alive(100).dead(300, 290));
        assertEquals(290, death.rfsDays());
        assertEquals(1, death.rfsEvent());
        AnalyticCase censored = derive(new Rec().resection(0).alive(100).alive(600));
        assertEquals(600, censored.rfsDays());
        assertEquals(0, censored.rfsEvent());
    }

    @Test
    void progressionOfResidualDiseaseIsNotARecurrence() {
        AnalyticCase c = derive(new Rec().resection(0).recurrence(200, "progression_of_residual", 150).alive(700));
        assertEquals(700, c.rfsDays());
        assertEquals(0, c.rfsEvent());
    }

    @Test
    void aRecurrenceWithoutItsDateIsDatedByItsVisit() {
        AnalyticCase c = derive(new Rec().resection(0).recurrence(365, "hepatic", null).alive(700));
        assertEquals(365, c.rfsDays());
        assertEquals(1, c.rfsEvent());
    }

    @Test
    void rfsPopulation() {
        assertEquals(0, derive(new Rec().proc(0, "major_hepatectomy", "curative", "R1", "II", "A").alive(50)).rfsEvent(), "R1 is in");
        AnalyticCase r2 = derive(new Rec().proc(0, "major_hepatectomy", "curative", "R2", "II", "A").alive(50));
        assertNull(r2.rfsDays(), "R2 is out");
        assertNull(r2.rfsEvent());
        assertNull(derive(new Rec().proc(0, "debulking", "cytoreductive", "R0", "II", "A").alive(50)).rfsDays(),
                "a cytoreductive index is out");
        assertEquals(50, derive(new Rec().proc(0, "ablation", "curative", "not_applicable", "none", null).alive(50)).rfsDays(),
                "a curative ablation index is in");
        assertEquals(50, derive(new Rec().proc(0, "liver_transplantation", "curative", "R0", "II", null).alive(50)).rfsDays(),
                "a transplantation with R0 is in");
        assertEquals(50, derive(new Rec().proc(0, "alpps_stage1", "curative", "not_applicable", "II", null)
                .proc(10, "alpps_stage2", "curative", "R0", "II", "none").alive(50)).rfsDays(), "stage 2 decides a staged case");
        assertNull(derive(new Rec().proc(0, "alpps_stage1", "curative", "not_applicable", "II", null).alive(50)).rfsDays(),
                "a stage 1 without stage 2 has no final step: out");
        assertNull(derive(new Rec().proc(0, "portal_vein_embolisation", "staging_or_bridging", "not_applicable", "none", null)
                .proc(5, "major_hepatectomy", "staging_or_bridging", "R0", "II", "A").alive(50)).rfsDays(),
                "a non-curative index is out even with an R0 step");
    }

    @Test
    void aRecurrenceDatedBeforeTheIndexDoesNotEndRfs() {
        AnalyticCase c = derive(new Rec().resection(0).recurrence(10, "hepatic", -5).alive(400));
        assertEquals(400, c.rfsDays());
        assertEquals(0, c.rfsEvent());
    }

    @Test
    void theVersionNamesTheFormsDefinitionsAndTheImplementation() {
        String v = derivation.version();
        assertTrue(v.startsWith(CaseReportForm.current().derivationVersion() + "-"), v);
    }

    @Test
    void aRecordWithoutIndexYearHasNoAnalyticRow() {
        Rec r = new Rec().resection(0);
        assertTrue(derivation.derive(new CaseDeidentified(UUID.randomUUID(), "cp", "pp", "C001", 1, Instant.now(), 1, 1, "k1",
                null, "major_hepatectomy", 50, r.root)).isEmpty());
    }
}
