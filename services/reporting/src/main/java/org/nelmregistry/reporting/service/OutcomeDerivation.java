package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.nelmregistry.contracts.IndexProcedure;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.reporting.form.FormCodes;
import org.nelmregistry.reporting.report.AnalyticCase;
import org.nelmregistry.reporting.report.AnalyticProcedure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The derived outcomes of one de-identified case, as the case report form's {@code derived:} section
 * defines them (read with the form's {@code procedure_groups} and enum order, so no procedure list is
 * kept here). Dates in the record are whole days from the index procedure. Where a definition leaves a
 * case open, the choice made here is written in docs/analytics.md and pinned by OutcomeDerivationTest.
 * Pure: computed once when a record arrives and stored, never per request.
 */
public final class OutcomeDerivation {

    /** Bump when this implementation changes a result without the form's definitions changing. */
    static final int IMPLEMENTATION = 1;
    static final int WINDOW_DAYS = 90;
    /** The first Clavien-Dindo grade counted as major morbidity; it and every later grade of the form's enum count. */
    static final String FIRST_MAJOR_GRADE = FormCodes.FIRST_MAJOR_GRADE;
    static final Set<String> PHLF_BC = FormCodes.PHLF_BC;
    /** Recurrence values that do not end recurrence-free survival (rfs_days). */
    static final Set<String> NOT_A_RECURRENCE = FormCodes.NOT_A_RECURRENCE;

    private final Set<String> finalResectiveStep;
    private final Set<String> finalStepOrTransplant;
    private final Set<String> majorGrades;
    private final String version;

    public OutcomeDerivation(CaseReportForm form) {
        this.finalResectiveStep = Set.copyOf(form.procedureGroup("final_resective_step"));
        Set<String> both = new java.util.HashSet<>(finalResectiveStep);
        both.addAll(form.procedureGroup("transplantation"));
        this.finalStepOrTransplant = Set.copyOf(both);
        if (finalResectiveStep.isEmpty() || form.procedureGroup("transplantation").isEmpty()) {
            throw new IllegalStateException("the form lacks procedure_groups final_resective_step or transplantation");
        }
        List<String> grades = FormCodes.CLAVIEN_DINDO_MAX.in(form).orElseThrow().values();
        int first = grades.indexOf(FIRST_MAJOR_GRADE);
        if (first < 0) {
            throw new IllegalStateException("clavien_dindo_max has no grade " + FIRST_MAJOR_GRADE);
        }
        this.majorGrades = Set.copyOf(grades.subList(first, grades.size()));
        this.version = form.derivationVersion() + "-" + IMPLEMENTATION;
    }

    private static volatile OutcomeDerivation current;

    /** The derivation of the form shipped with this build. */
    public static OutcomeDerivation current() {
        OutcomeDerivation d = current;
        if (d == null) {
            d = current = new OutcomeDerivation(CaseReportForm.current());
        }
        return d;
    }

    /** The form's derivation version and this implementation's: what a freeze records. */
    public String version() {
        return version;
    }

    /** A dated procedure with its position in the record. */
    private record Proc(int listed, int day, JsonNode node) {
        String type() {
            return node.path(FormCodes.PROCEDURE_TYPE.code()).asText(null);
        }

        String text(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }
    }

    /**
     * The analytic row of a record; empty when the record has no index year (de-identification always
     * sets one, so this only guards against a malformed record).
     */
    public Optional<AnalyticCase> derive(CaseDeidentified r) {
        if (r.indexYear() == null || r.record() == null) {
            return Optional.empty();
        }
        JsonNode rec = r.record();
        JsonNode procedures = rec.path(FormCodes.PROCEDURES);
        OptionalInt indexPos = IndexProcedure.of(procedures);
        // chronological, ties in the order listed; undated procedures (refused at submission) are left out
        List<Proc> procs = new ArrayList<>();
        for (int i = 0; i < procedures.size(); i++) {
            JsonNode d = procedures.get(i).get(FormCodes.PROCEDURE_DATE.code());
            if (d != null && d.isNumber()) {
                procs.add(new Proc(i, d.asInt(), procedures.get(i)));
            }
        }
        procs.sort(Comparator.comparingInt(Proc::day).thenComparingInt(Proc::listed));
        Proc index = indexPos.isEmpty() ? null
                : procs.stream().filter(p -> p.listed() == indexPos.getAsInt()).findFirst().orElse(null);
        Follow f = Follow.of(rec.path(FormCodes.FOLLOW_UP), index == null ? 0 : index.day(), procs);

        Integer death90 = null, morbidity = null, phlf = null, r0 = null;
        Integer osDays = null, osEvent = null, rfsDays = null, rfsEvent = null;
        List<AnalyticProcedure> out = new ArrayList<>();
        if (index != null) {
            int i0 = index.day();
            death90 = death90(f, 0);
            morbidity = worstMorbidity(procs.stream().filter(p -> p.day() - i0 >= 0 && p.day() - i0 <= WINDOW_DAYS).toList());
            Proc finalStep = procs.stream().filter(p -> p.day() >= i0 && finalResectiveStep.contains(p.type()))
                    .findFirst().orElse(null);
            if (finalStep != null) {
                phlf = phlf(finalStep);
                r0 = r0(finalStep);
            }
            if (f.dead()) {
                osEvent = 1;
                osDays = f.deathDay() != null ? f.deathDay() : f.lastKnownAlive();
            } else {
                osEvent = 0;
                osDays = f.lastKnownAlive();
            }
            if (inRfsPopulation(index, procs)) {
                Integer end = minOf(f.firstRecurrence(), f.deathDay());
                if (end != null) {
                    rfsDays = end;
                    rfsEvent = 1;
                } else if (f.dead()) {
                    rfsDays = f.lastKnownAlive();
                    rfsEvent = 1;
                } else {
                    rfsDays = f.lastKnownAlive();
                    rfsEvent = 0;
                }
            }
            int seq = 0;
            for (Proc p : procs) {
                int day = p.day() - i0;
                boolean finalRes = finalResectiveStep.contains(p.type());
                out.add(new AnalyticProcedure(++seq, p.type(), p.text(FormCodes.INTENT.code()), day, death90(f, day),
                        morbidity(p), finalRes ? phlf(p) : null, finalRes ? r0(p) : null));
            }
        }
        return Optional.of(new AnalyticCase(r.casePseudonym(), r.patientPseudonym(), r.centreId(), r.indexYear(),
                r.ageAtIndex(), FormCodes.SEX.text(rec), FormCodes.CONSENT_SCOPE.text(rec), FormCodes.PRIMARY_SITE.text(rec),
                FormCodes.WHO_GRADE.text(rec), FormCodes.DISTRIBUTION_TYPE.text(rec),
                index == null ? r.indexProcedureType() : index.type(), index == null ? null : index.text(FormCodes.INTENT.code()),
                death90, morbidity, phlf, r0, osDays, osEvent, rfsDays, rfsEvent, List.copyOf(out)));
    }

    /**
     * Follow-up as days from the index: death (any visit with vital_status dead or a death_date), the
     * first recurrence that ends RFS, and the last day the patient is known alive (the latest visit or
     * procedure, never before the index).
     */
    private record Follow(boolean dead, Integer deathDay, Integer firstRecurrence, int lastKnownAlive) {

        static Follow of(JsonNode visits, int indexDay, List<Proc> procs) {
            boolean dead = false;
            Integer death = null, recurrence = null;
            int last = 0;
            for (Proc p : procs) {
                last = Math.max(last, p.day() - indexDay);
            }
            for (JsonNode v : visits) {
                Integer visit = day(v.get(FormCodes.VISIT_DATE.code()), indexDay);
                if (visit != null) {
                    last = Math.max(last, visit);
                }
                Integer d = day(v.get(FormCodes.DEATH_DATE.code()), indexDay);
                if (FormCodes.DEAD.equals(v.path(FormCodes.VITAL_STATUS.code()).asText()) || d != null) {
                    dead = true;
                    death = minOf(death, d);
                }
                String rec = v.path(FormCodes.RECURRENCE.code()).asText(null);
                if (rec != null && !NOT_A_RECURRENCE.contains(rec)) {
                    // the definition counts from recurrence_date; a visit that only repeats a recurrence
                    // without its date dates it no later than the visit itself
                    Integer r = day(v.get(FormCodes.RECURRENCE_DATE.code()), indexDay);
                    Integer at = r != null ? r : visit;
                    // a recurrence dated before the index is disease the index procedure treated, not an end point
                    if (at != null && at >= 0) {
                        recurrence = minOf(recurrence, at);
                    }
                }
            }
            return new Follow(dead, death, recurrence, last);
        }
    }

    /**
     * 90-day mortality counted from {@code from} (days from the index): death 0..90 days after it → 1;
     * death later, or no death and known alive 90 days or more after it → 0; else not evaluable.
     */
    private static Integer death90(Follow f, int from) {
        if (f.dead()) {
            if (f.deathDay() == null || f.deathDay() < from) {
                return null;
            }
            return f.deathDay() - from <= WINDOW_DAYS ? 1 : 0;
        }
        return f.lastKnownAlive() - from >= WINDOW_DAYS ? 0 : null;
    }

    /** 1 when any procedure of the window has a major grade; null when none is graded, or an ungraded one could be major. */
    private Integer worstMorbidity(List<Proc> window) {
        boolean ungraded = false;
        for (Proc p : window) {
            Integer m = morbidity(p);
            if (m == null) {
                ungraded = true;
            } else if (m == 1) {
                return 1;
            }
        }
        return ungraded || window.isEmpty() ? null : 0;
    }

    private Integer morbidity(Proc p) {
        String g = p.text(FormCodes.CLAVIEN_DINDO_MAX.code());
        return g == null ? null : majorGrades.contains(g) ? 1 : 0;
    }

    private static Integer phlf(Proc p) {
        String g = p.text(FormCodes.PHLF_ISGLS.code());
        return g == null ? null : PHLF_BC.contains(g) ? 1 : 0;
    }

    private static Integer r0(Proc p) {
        String m = p.text(FormCodes.MARGIN.code());
        if (m == null || FormCodes.NOT_APPLICABLE.equals(m)) {
            return null;
        }
        return FormCodes.R0.equals(m) ? 1 : 0;
    }

    /**
     * Curative index with an R0/R1 first final resective step or transplantation on or after it, or a
     * curative ablation as the index.
     */
    private boolean inRfsPopulation(Proc index, List<Proc> procs) {
        if (!FormCodes.CURATIVE.equals(index.text(FormCodes.INTENT.code()))) {
            return false;
        }
        if (FormCodes.ABLATION.equals(index.type())) {
            return true;
        }
        return procs.stream().filter(p -> p.day() >= index.day() && finalStepOrTransplant.contains(p.type()))
                .findFirst().map(p -> FormCodes.R0.equals(p.text(FormCodes.MARGIN.code())) || FormCodes.R1.equals(p.text(FormCodes.MARGIN.code()))).orElse(false);
    }

    private static Integer day(JsonNode v, int indexDay) {
        return v == null || !v.isNumber() ? null : v.asInt() - indexDay;
    }

    private static Integer minOf(Integer a, Integer b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }
}
