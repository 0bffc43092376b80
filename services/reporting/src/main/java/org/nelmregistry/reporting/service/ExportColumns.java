package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Privacy;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.reporting.ReportCase;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of the case table of an extract, derived from the case report form: the record
 * keys, then every field of the one-per-case sections that survives de-identification (dates
 * as days from the index procedure). The array sections become tables of their own later.
 */
public final class ExportColumns {

    public record Column(String name, Function<ReportCase, String> value) {
    }

    private ExportColumns() {
    }

    public static List<Column> caseTable(CaseReportForm form, Function<ReportCase, JsonNode> record) {
        List<Column> cols = new ArrayList<>();
        cols.add(new Column("case_pseudonym", c -> c.casePseudonym));
        cols.add(new Column("patient_pseudonym", c -> c.patientPseudonym));
        cols.add(new Column("centre_id", c -> c.centreId));
        cols.add(new Column("age_at_index", c -> str(c.ageAtIndex)));
        cols.add(new Column("index_year", c -> str(c.indexYear)));
        cols.add(new Column("form_version", c -> Integer.toString(c.formVersion)));
        // the one-per-case sections (patient, primary tumour, liver disease), as the form says
        for (Section s : form.sections().stream().filter(x -> !x.many()).toList()) {
            String sectionCode = s.code();
            for (Field f : s.fields()) {
                Privacy.Release r = f.privacy().release();
                if (r == Privacy.Release.KEEP || r == Privacy.Release.DAYS_FROM_INDEX) {
                    cols.add(new Column(f.code(), c -> cell(record.apply(c).path(sectionCode).get(f.code()))));
                }
            }
        }
        return cols;
    }

    private static String str(Integer i) {
        return i == null ? "" : i.toString();
    }

    /** Enum-sets as values joined by "|"; absent as empty. */
    static String cell(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText()));
            return String.join("|", parts);
        }
        return v.asText();
    }
}
