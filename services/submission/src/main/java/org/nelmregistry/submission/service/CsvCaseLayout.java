package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Section;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CSV import layout: one row per case; a column per field, named
 * {@code section.field} for the one-per-case sections and {@code section.N.field} (N = 1, 2, …)
 * for the repeated ones (procedures, follow-up visits, …). Empty cell = absent; enum-sets
 * as values joined with {@code |}; booleans {@code true}/{@code false}; dates YYYY-MM-DD.
 * Values are typed by the dictionary; a value that is not of its type is passed on as text
 * so that validation reports it with its pointer.
 */
public final class CsvCaseLayout {

    private static final Pattern COLUMN = Pattern.compile("([a-z_]+)\\.(?:(\\d+)\\.)?([a-z0-9_]+)");

    /** A parsed column name. */
    public record Column(Section section, int index, Field field) {
    }

    private CsvCaseLayout() {
    }

    public static Optional<Column> column(CaseReportForm form, String name) {
        Matcher m = COLUMN.matcher(name.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<Section> s = form.section(m.group(1));
        if (s.isEmpty() || (m.group(2) == null) == s.get().many() || (m.group(2) != null && !indexWithinLimit(m.group(2)))) {
            return Optional.empty();
        }
        int index = m.group(2) == null ? -1 : Integer.parseInt(m.group(2)) - 1;
        return s.get().field(m.group(3)).map(f -> new Column(s.get(), index, f));
    }

    /** N of section.N.field: 1 to the entry limit, read without ever parsing a number that does not fit. */
    private static boolean indexWithinLimit(String digits) {
        String n = digits.replaceFirst("^0+", "");
        return !n.isEmpty() && n.length() <= 3 && Integer.parseInt(n) <= Limits.SECTION_ENTRIES;
    }

    /** Every header that is not a column of the layout, as problem errors (at most {@value #MAX_ERRORS}). */
    public static List<ProblemError> checkHeader(CaseReportForm form, List<String> header) {
        List<ProblemError> errors = new ArrayList<>();
        if (header.size() > Limits.CSV_COLUMNS) {
            errors.add(new ProblemError("/header", Limits.RULE_CSV_COLUMNS,
                    "at most " + Limits.CSV_COLUMNS + " columns (each column of the layout once)"));
            return errors;
        }
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (errors.size() >= MAX_ERRORS) {
                break;
            }
            if (column(form, h).isEmpty()) {
                // echo a header only when it has the shape of a column name: a file sent without its
                // header row would otherwise send the first patient's values back; else its position
                Matcher m = COLUMN.matcher(h.strip());
                String name = m.matches() && h.strip().length() <= 100 ? h.strip() : "column-" + (i + 1);
                boolean overLimit = m.matches() && m.group(2) != null && !indexWithinLimit(m.group(2))
                        && m.group(2).replaceFirst("^0+", "").length() > 0;
                errors.add(overLimit
                        ? new ProblemError("/header/" + name, Limits.RULE_SECTION_ENTRIES,
                                "N of section.N.field is 1 to " + Limits.SECTION_ENTRIES + " (entries per repeated section)")
                        : new ProblemError("/header/" + name, "unknown-field",
                                "not a column of the import layout (section.field or section.N.field)"));
            }
        }
        return errors;
    }

    static final int MAX_ERRORS = 100;

    public static ObjectNode toCase(CaseReportForm form, Map<String, String> row) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        ObjectNode c = n.objectNode();
        for (Map.Entry<String, String> e : row.entrySet()) {
            String v = e.getValue();
            if (v == null || v.isBlank()) {
                continue;
            }
            Column col = column(form, e.getKey()).orElseThrow();
            ObjectNode holder;
            if (col.index() < 0) {
                holder = c.has(col.section().code()) ? (ObjectNode) c.get(col.section().code()) : c.putObject(col.section().code());
            } else {
                ArrayNode arr = c.has(col.section().code()) ? (ArrayNode) c.get(col.section().code()) : c.putArray(col.section().code());
                while (arr.size() <= col.index()) {
                    arr.addObject();
                }
                holder = (ObjectNode) arr.get(col.index());
            }
            holder.set(col.field().code(), value(col.field(), v.strip()));
        }
        // repeated groups left empty by a sparse spreadsheet are not entries
        c.fields().forEachRemaining(e -> {
            if (e.getValue().isArray()) {
                ArrayNode kept = n.arrayNode();
                e.getValue().forEach(x -> {
                    if (!x.isEmpty()) {
                        kept.add(x);
                    }
                });
                e.setValue(kept);
            }
        });
        return c;
    }

    static com.fasterxml.jackson.databind.JsonNode value(Field f, String v) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        try {
            return switch (f.type()) {
                case INTEGER -> n.numberNode(Long.parseLong(v));
                case DECIMAL -> n.numberNode(new BigDecimal(v));
                case BOOLEAN -> v.equalsIgnoreCase("true") ? n.booleanNode(true)
                        : v.equalsIgnoreCase("false") ? n.booleanNode(false) : n.textNode(v);
                case ENUM_SET -> {
                    ArrayNode a = n.arrayNode();
                    for (String part : v.split("\\|")) {
                        if (!part.isBlank()) {
                            a.add(part.strip());
                        }
                    }
                    yield a;
                }
                default -> n.textNode(v);
            };
        } catch (NumberFormatException e) {
            return n.textNode(v);
        }
    }
}
