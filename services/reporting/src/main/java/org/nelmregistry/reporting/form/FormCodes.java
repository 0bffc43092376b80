package org.nelmregistry.reporting.form;

import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The codes of the case report form that reporting's Java names: fields it reads from a stored
 * record, enum values it acts on, and the outcomes of the form's {@code derived:} section the analytic
 * store keeps per case and per procedure. Each is checked against the form shipped with this build
 * when the class loads (and by FormCodesTest), so a renamed field fails the build, not a report.
 */
public final class FormCodes {

    public static final String PATIENT = "patient";
    public static final String PROCEDURES = "procedures";

    public static final FieldRef SEX = new FieldRef(PATIENT, "sex");
    public static final FieldRef COUNTRY = new FieldRef(PATIENT, "country");
    public static final FieldRef CONSENT_SCOPE = new FieldRef(PATIENT, "consent_scope");
    public static final FieldRef PRIMARY_SITE = new FieldRef("primary_tumour", "primary_site");
    public static final FieldRef WHO_GRADE = new FieldRef("primary_tumour", "who_grade");
    public static final FieldRef DISTRIBUTION_TYPE = new FieldRef("liver_disease", "distribution_type");
    public static final FieldRef PROCEDURE_TYPE = new FieldRef(PROCEDURES, "procedure_type");
    public static final FieldRef PROCEDURE_DATE = new FieldRef(PROCEDURES, "procedure_date");
    public static final FieldRef CLAVIEN_DINDO_MAX = new FieldRef(PROCEDURES, "clavien_dindo_max");
    public static final FieldRef INTENT = new FieldRef(PROCEDURES, "intent");
    public static final FieldRef MARGIN = new FieldRef(PROCEDURES, "margin");
    public static final FieldRef PHLF_ISGLS = new FieldRef(PROCEDURES, "phlf_isgls");
    public static final String FOLLOW_UP = "follow_up";
    public static final FieldRef VISIT_DATE = new FieldRef(FOLLOW_UP, "visit_date");
    public static final FieldRef VITAL_STATUS = new FieldRef(FOLLOW_UP, "vital_status");
    public static final FieldRef DEATH_DATE = new FieldRef(FOLLOW_UP, "death_date");
    public static final FieldRef RECURRENCE = new FieldRef(FOLLOW_UP, "recurrence");
    public static final FieldRef RECURRENCE_DATE = new FieldRef(FOLLOW_UP, "recurrence_date");

    /** The consent_scope value that allows row-level research exports. */
    public static final String RESEARCH_CONSENT = "registry_and_research";
    // values the outcome derivation acts on (the form's derived: definitions name them)
    public static final String CURATIVE = "curative";
    public static final String ABLATION = "ablation";
    public static final String DEAD = "dead";
    public static final String R0 = "R0";
    public static final String R1 = "R1";
    public static final String NOT_APPLICABLE = "not_applicable";
    /** The first Clavien-Dindo grade counted as major morbidity; it and every later grade of the form's enum count. */
    public static final String FIRST_MAJOR_GRADE = "IIIa";
    /** Post-hepatectomy liver failure grades that count for phlf_bc. */
    public static final Set<String> PHLF_BC = Set.of("B", "C");
    /** Recurrence values that do not end recurrence-free survival (rfs_days). */
    public static final Set<String> NOT_A_RECURRENCE = Set.of("none", "progression_of_residual");

    /**
     * The outcomes of the form's {@code derived:} section that the analytic store keeps per case and per
     * procedure (the columns of {@code analytic_procedures}), in the form's order: the report indicators.
     */
    public static final List<String> PER_PROCEDURE_OUTCOMES = List.of("death_90d", "major_morbidity", "phlf_bc", "r0_resection");

    static final List<FieldRef> FIELDS = List.of(SEX, COUNTRY, CONSENT_SCOPE, PRIMARY_SITE, WHO_GRADE, DISTRIBUTION_TYPE,
            PROCEDURE_TYPE, PROCEDURE_DATE, CLAVIEN_DINDO_MAX, INTENT, MARGIN, PHLF_ISGLS, VISIT_DATE, VITAL_STATUS, DEATH_DATE,
            RECURRENCE, RECURRENCE_DATE);

    /** The enum values named above, by the field whose values they must be. */
    static final Map<FieldRef, Set<String>> VALUES = Map.of(
            CONSENT_SCOPE, Set.of(RESEARCH_CONSENT),
            INTENT, Set.of(CURATIVE),
            PROCEDURE_TYPE, Set.of(ABLATION),
            VITAL_STATUS, Set.of(DEAD),
            MARGIN, Set.of(R0, R1, NOT_APPLICABLE),
            CLAVIEN_DINDO_MAX, Set.of(FIRST_MAJOR_GRADE),
            PHLF_ISGLS, PHLF_BC,
            RECURRENCE, NOT_A_RECURRENCE);

    static {
        List<String> problems = problems(CaseReportForm.current());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("reporting's form codes disagree with the form: " + problems);
        }
    }

    private FormCodes() {
    }

    /** What of the above {@code form} lacks; empty when the form has every code. */
    public static List<String> problems(CaseReportForm form) {
        List<String> out = new ArrayList<>();
        for (FieldRef f : FIELDS) {
            if (f.in(form).isEmpty()) {
                out.add("no field " + f);
            }
        }
        for (Map.Entry<FieldRef, Set<String>> e : VALUES.entrySet()) {
            Optional<Field> f = e.getKey().in(form);
            if (f.isPresent()) {
                for (String v : new TreeSet<>(e.getValue())) {
                    if (!f.get().values().contains(v)) {
                        out.add(e.getKey() + " has no value " + v);
                    }
                }
            }
        }
        List<String> derivedOrder = form.derived().keySet().stream().filter(PER_PROCEDURE_OUTCOMES::contains).toList();
        if (!derivedOrder.equals(PER_PROCEDURE_OUTCOMES)) {
            out.add("derived: lacks or reorders " + PER_PROCEDURE_OUTCOMES + " (has " + derivedOrder + ")");
        }
        return out;
    }
}
