package org.nelmregistry.reporting.export;

import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Privacy;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.reporting.form.FormCodes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables of an analyst export, derived from the case report form and its {@code derived:}
 * section — no second, hand-kept list: {@code cases} (one row per case: keys, the released fields of
 * the one-per-case sections, the derived per-case outcomes) and one table per repeated section
 * ({@code procedures} with the per-procedure outcomes, {@code follow_up}, {@code imaging},
 * {@code biomarkers}, {@code neoadjuvant_therapy}), each keyed by {@code case_pseudonym} + {@code seq}.
 * A field leaves when de-identification releases it (kept, or a date as days from the index).
 */
public final class ExportTables {

    public static final String CASES = "cases";
    public static final String PROCEDURES = FormCodes.PROCEDURES;
    /** Codes of the form's derived: section that are columns of their own, not outcomes. */
    static final Set<String> NOT_OUTCOMES = Set.of("index_procedure", "age_at_index");
    /**
     * The outcomes that also exist per procedure: the columns of the analytic store's procedure rows
     * (the form says "unit=procedure" only for some; phlf_bc and r0_resection are derived for every
     * final resective step). Checked against the form's derived: section (FormCodes).
     */
    public static final List<String> PROCEDURE_OUTCOMES = FormCodes.PER_PROCEDURE_OUTCOMES;

    private final Map<String, List<ExportColumn>> tables;

    private ExportTables(Map<String, List<ExportColumn>> tables) {
        this.tables = tables;
    }

    private static volatile ExportTables current;

    public static ExportTables current() {
        ExportTables t = current;
        if (t == null) {
            t = current = of(CaseReportForm.current());
        }
        return t;
    }

    public static ExportTables of(CaseReportForm form) {
        Map<String, String> derived = form.derived();
        Map<String, List<ExportColumn>> tables = new LinkedHashMap<>();
        List<ExportColumn> cases = new ArrayList<>();
        cases.add(key(CASES, "case_pseudonym", "the case's pseudonym: random, stable across revisions and key rotations"));
        cases.add(key(CASES, "patient_pseudonym", "keyed pseudonym of the patient: equal for the same patient at two centres"));
        cases.add(new ExportColumn(CASES, "centre_id", ColumnType.STRING, null, List.of(), Privacy.QUASI.code(),
                "the submitting centre", ExportColumn.Source.key("centre_id")));
        cases.add(new ExportColumn(CASES, "age_at_index", ColumnType.INTEGER, "years", List.of(), Privacy.BIRTH.code(),
                derived.get("age_at_index"), ExportColumn.Source.key("age_at_index")));
        cases.add(new ExportColumn(CASES, "index_year", ColumnType.INTEGER, "year", List.of(), Privacy.DATE.code(),
                "calendar year of the index procedure (" + derived.get("index_procedure") + ")",
                ExportColumn.Source.key("index_year")));
        cases.add(new ExportColumn(CASES, "form_version", ColumnType.INTEGER, null, List.of(), Privacy.CLINICAL.code(),
                "version of the case report form the record was submitted under", ExportColumn.Source.key("form_version")));
        Set<String> names = new HashSet<>();
        cases.forEach(c -> names.add(c.name()));
        for (Section s : form.sections().stream().filter(x -> !x.many()).toList()) {
            for (Field f : released(s)) {
                if (!names.add(f.code())) {
                    throw new IllegalStateException("two one-per-case fields share the code " + f.code());
                }
                cases.add(field(CASES, f));
            }
        }
        Field procedureType = FormCodes.PROCEDURE_TYPE.in(form).orElseThrow();
        cases.add(new ExportColumn(CASES, "index_procedure_type", ColumnType.ENUM, null, procedureType.values(), "derived",
                "procedure_type of the index procedure: " + derived.get("index_procedure"),
                ExportColumn.Source.derived("index_procedure_type")));
        // the per-case outcomes: every code of the derived: section, in its order, but the two above
        for (String o : derived.keySet()) {
            if (!NOT_OUTCOMES.contains(o)) {
                cases.add(outcome(CASES, o, derived));
            }
        }
        tables.put(CASES, List.copyOf(cases));
        for (Section s : form.sections().stream().filter(Section::many).toList()) {
            List<ExportColumn> cols = new ArrayList<>();
            cols.add(key(s.code(), "case_pseudonym", "the case's pseudonym (joins the cases table)"));
            cols.add(new ExportColumn(s.code(), "seq", ColumnType.INTEGER, null, List.of(), "derived",
                    s.code().equals(PROCEDURES)
                            ? "1-based position of the procedure in the case in date order (ties in the order listed): the order outcomes are derived in"
                            : "1-based position of the entry in the case, in the order submitted",
                    ExportColumn.Source.seq()));
            for (Field f : released(s)) {
                cols.add(field(s.code(), f));
            }
            if (s.code().equals(PROCEDURES)) {
                for (String o : PROCEDURE_OUTCOMES) {
                    cols.add(outcome(PROCEDURES, o, derived));
                }
            }
            tables.put(s.code(), List.copyOf(cols));
        }
        return new ExportTables(tables);
    }

    /** Table names in export order. */
    public List<String> names() {
        return List.copyOf(tables.keySet());
    }

    public List<ExportColumn> columns(String table) {
        List<ExportColumn> c = tables.get(table);
        if (c == null) {
            throw new IllegalArgumentException("no export table " + table);
        }
        return c;
    }

    private static List<Field> released(Section s) {
        return s.fields().stream().filter(f -> f.privacy().release() == Privacy.Release.KEEP
                || f.privacy().release() == Privacy.Release.DAYS_FROM_INDEX).toList();
    }

    private static ExportColumn key(String table, String name, String note) {
        return new ExportColumn(table, name, ColumnType.STRING, null, List.of(), "pseudonym", note, ExportColumn.Source.key(name));
    }

    private static ExportColumn field(String table, Field f) {
        boolean date = f.privacy().release() == Privacy.Release.DAYS_FROM_INDEX;
        return new ExportColumn(table, f.code(), ColumnType.of(f.type()), date ? "days from the index procedure" : f.unit(),
                f.values(), f.privacy().code(),
                date ? "the form's " + f.section() + "." + f.code() + " as whole days from the index procedure date"
                        : "the form's " + f.section() + "." + f.code() + " as submitted",
                ExportColumn.Source.record(f.section(), f.code()));
    }

    private static ExportColumn outcome(String table, String code, Map<String, String> derived) {
        String text = derived.get(code);
        if (text == null) {
            throw new IllegalStateException("the form's derived: section has no " + code);
        }
        boolean flag = !code.endsWith("_days"); // times are days; every other outcome is 1/0
        return new ExportColumn(table, code, ColumnType.INTEGER, flag ? null : "days", flag ? List.of("0", "1") : List.of(),
                "derived", text, ExportColumn.Source.derived(code));
    }
}
