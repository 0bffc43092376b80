package org.nelmregistry.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.FieldType;
import org.nelmregistry.contracts.crf.Section;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes cases as the bodies {@code POST /api/v1/imports} takes: a JSON array (one case per
 * line) or the CSV import layout of docs/import-layout.md (columns in the form's order, only
 * those some case uses). Output depends only on the cases, so equal cohorts give equal bytes.
 */
public final class CohortWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CohortWriter() {
    }

    public static void json(List<ObjectNode> cases, Writer out) throws IOException {
        out.write("[\n");
        for (int i = 0; i < cases.size(); i++) {
            out.write(JSON.writeValueAsString(cases.get(i)));
            out.write(i + 1 < cases.size() ? ",\n" : "\n");
        }
        out.write("]\n");
    }

    public static String json(List<ObjectNode> cases) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            json(cases, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** The header: section.field and section.N.field, in the form's order. */
    public static List<String> csvColumns(CaseReportForm form, List<ObjectNode> cases) {
        List<String> cols = new ArrayList<>();
        for (Section s : form.sections()) {
            if (!s.many()) {
                for (Field f : s.fields()) {
                    if (cases.stream().anyMatch(c -> c.path(s.code()).has(f.code()))) {
                        cols.add(s.code() + "." + f.code());
                    }
                }
                continue;
            }
            int max = cases.stream().mapToInt(c -> c.path(s.code()).size()).max().orElse(0);
            for (int n = 0; n < max; n++) {
                final int idx = n;
                for (Field f : s.fields()) {
                    if (cases.stream().anyMatch(c -> c.path(s.code()).path(idx).has(f.code()))) {
                        cols.add(s.code() + "." + (n + 1) + "." + f.code());
                    }
                }
            }
        }
        return cols;
    }

    public static void csv(List<ObjectNode> cases, Writer out) throws IOException {
        CaseReportForm form = CaseReportForm.current();
        List<String> cols = csvColumns(form, cases);
        out.write(String.join(",", cols.stream().map(CohortWriter::quote).toList()));
        out.write("\r\n");
        for (ObjectNode c : cases) {
            List<String> cells = new ArrayList<>(cols.size());
            for (String col : cols) {
                String[] p = col.split("\\.");
                JsonNode v = p.length == 2 ? c.path(p[0]).get(p[1]) : c.path(p[0]).path(Integer.parseInt(p[1]) - 1).get(p[2]);
                Field f = form.section(p[0]).orElseThrow().field(p[p.length - 1]).orElseThrow();
                cells.add(quote(cell(f, v)));
            }
            out.write(String.join(",", cells));
            out.write("\r\n");
        }
    }

    private static String cell(Field f, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        if (f.type() == FieldType.ENUM_SET) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText()));
            return String.join("|", parts);
        }
        if (v.isBigDecimal()) {
            return v.decimalValue().toPlainString();
        }
        return v.asText();
    }

    /** RFC 4180: quote a cell holding a comma, quote or line break (names like O'Brien pass as is). */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
