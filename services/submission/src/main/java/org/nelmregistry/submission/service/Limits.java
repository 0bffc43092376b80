package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Section;

/**
 * The bounds on every input of the service, so that no request can take it down. Each
 * exceeded limit is a 4xx problem+json whose rule names it; the dictionary serves them all.
 */
public final class Limits {

    /** A case body (and any other JSON body but an import), in bytes. */
    public static final int CASE_BODY_BYTES = 1024 * 1024;
    /** An import upload, in bytes (the HTTP server's own limit, quarkus.http.limits.max-body-size). */
    public static final long IMPORT_BODY_BYTES = 512L * 1024 * 1024;
    /** Entries of one repeated section (procedures, follow-up visits, …) in a case. */
    public static final int SECTION_ENTRIES = 50;
    /** Nesting depth of a JSON document (a case needs 4; an import array 5). */
    public static final int JSON_DEPTH = 16;
    /** Characters of one CSV row (a physical line; a quoted cell may not span more). */
    public static final int CSV_ROW_CHARS = 1024 * 1024;
    /** Characters of one CSV cell (the longest field, a note, has 2000). */
    public static final int CSV_CELL_CHARS = 4096;
    /** Columns of a CSV import: every column of the layout, each once. */
    public static final int CSV_COLUMNS = columns(CaseReportForm.current());
    /** The largest page number of a list. */
    public static final int MAX_PAGE = Paged.MAX_PAGE;

    public static final String RULE_BODY_SIZE = "limit-body-size";
    public static final String RULE_SECTION_ENTRIES = "limit-section-entries";
    public static final String RULE_CSV_COLUMNS = "limit-csv-columns";
    public static final String RULE_CSV_ROW = "limit-csv-row-length";
    public static final String RULE_CSV_CELL = "limit-csv-cell-length";

    private Limits() {
    }

    static int columns(CaseReportForm form) {
        int n = 0;
        for (Section s : form.sections()) {
            n += s.fields().size() * (s.many() ? SECTION_ENTRIES : 1);
        }
        return n;
    }

    /** The limits as the dictionary serves them. */
    public static ObjectNode describe() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putObject("body_bytes").put("cases", CASE_BODY_BYTES).put("imports", IMPORT_BODY_BYTES)
                .put("rule", RULE_BODY_SIZE).put("note", "every JSON body but an import is a case-sized body");
        o.putObject("section_entries").put("max", SECTION_ENTRIES).put("rule", RULE_SECTION_ENTRIES);
        o.putObject("json_depth").put("max", JSON_DEPTH).put("rule", "limit-json-depth");
        o.putObject("csv_columns").put("max", CSV_COLUMNS).put("rule", RULE_CSV_COLUMNS);
        o.putObject("csv_row_chars").put("max", CSV_ROW_CHARS).put("rule", RULE_CSV_ROW);
        o.putObject("csv_cell_chars").put("max", CSV_CELL_CHARS).put("rule", RULE_CSV_CELL);
        o.putObject("page").put("min", 0).put("max", MAX_PAGE).put("rule", Paged.RULE_PAGE);
        o.putObject("size").put("min", 1).put("max", Paged.MAX_SIZE).put("max_import_results", ImportLimits.RESULTS_PAGE)
                .put("rule", Paged.RULE_SIZE);
        o.putObject("query_text_chars").put("max", DataQueryService.MAX_TEXT).put("rule", "range");
        return o;
    }

    /** Import-only bounds. */
    public static final class ImportLimits {
        public static final int RESULTS_PAGE = 1000;

        private ImportLimits() {
        }
    }
}
