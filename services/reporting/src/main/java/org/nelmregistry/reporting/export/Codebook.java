package org.nelmregistry.reporting.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nelmregistry.reporting.form.FormCodes;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The codebook of an export, generated from the dictionary: for every column of every exported table
 * its type, unit, allowed values with labels, privacy class and how it was derived; and, for the
 * export, what it was taken from (form, policy and derivation versions, key ids, freeze, filters,
 * purpose, software version, generalisation and suppression).
 */
public record Codebook(Map<String, Object> export, List<ExportColumn> columns) {

    public static final List<String> CSV_HEADER = List.of("table", "column", "type", "unit", "values", "privacy", "derivation");
    private static final Set<String> KEEP_CASE = Set.of("G1", "G2", "G3", "NEC", "MiNEN", "R0", "R1", "R2", "I", "II", "III",
            "IIIa", "IIIb", "IV", "IVa", "IVb", "V", "A", "B", "C", "T1", "T2", "T3", "T4", "TX", "N0", "N1", "N2", "NX");

    public static Codebook of(ExportTables tables, List<String> names, Map<String, List<ExportColumn>> released,
            Map<String, Object> export) {
        List<ExportColumn> cols = new ArrayList<>();
        for (String t : names) {
            cols.addAll(released.getOrDefault(t, tables.columns(t)));
        }
        return new Codebook(export, List.copyOf(cols));
    }

    public ObjectNode json(ObjectMapper mapper) {
        ObjectNode out = mapper.createObjectNode();
        out.set("export", mapper.valueToTree(export));
        ArrayNode arr = out.putArray("columns");
        for (ExportColumn c : columns) {
            ObjectNode o = arr.addObject();
            o.put("table", c.table());
            o.put("column", c.name());
            o.put("type", c.type().code());
            o.put("unit", c.unit());
            ArrayNode values = o.putArray("values");
            for (String v : c.values()) {
                values.addObject().put("code", v).put("label", label(c.name(), v));
            }
            o.put("privacy", c.privacy());
            o.put("derivation", c.derivation());
        }
        return out;
    }

    /** codebook.csv: one row per column; values as {@code code=label} joined by "|". */
    public String csv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.toArray(String[]::new)).get())) {
            for (ExportColumn c : columns) {
                p.printRecord(c.table(), c.name(), c.type().code(), c.unit() == null ? "" : c.unit(),
                        String.join("|", c.values().stream().map(v -> v + "=" + label(c.name(), v)).toList()), c.privacy(),
                        c.derivation());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * A value's label: the form has codes only, so labels are spelled from them ("small_intestine" →
     * "Small intestine"); grades and classes keep their spelling; countries get their English names;
     * 0/1 outcome flags read no/yes.
     */
    public static String label(String column, String code) {
        if (column.equals(FormCodes.COUNTRY.code()) && code.length() == 2) {
            return new Locale("", code).getDisplayCountry(Locale.ENGLISH);
        }
        if (code.equals("0")) {
            return "no";
        }
        if (code.equals("1")) {
            return "yes";
        }
        if (KEEP_CASE.contains(code)) {
            return code;
        }
        String words = code.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
