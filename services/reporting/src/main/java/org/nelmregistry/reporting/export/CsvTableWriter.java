package org.nelmregistry.reporting.export;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** RFC 4180 CSV in UTF-8 with a header row; enum-sets as codes joined by "|"; absent as an empty cell. */
final class CsvTableWriter implements TableWriter {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int FLUSH_AT = 1 << 15;
    private final Writer file;
    /** commons-csv formats into this (plain appends), handed to the file in 32 KB pieces: a Writer
     *  takes a lock per append, which cost more than the formatting at a million rows */
    private final StringBuilder pending = new StringBuilder(FLUSH_AT + 4096);
    private final CSVPrinter out;
    private final String[] cells;

    CsvTableWriter(List<ExportColumn> columns, OutputStream stream) throws IOException {
        file = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        out = new CSVPrinter(pending,
                CSVFormat.RFC4180.builder().setHeader(columns.stream().map(ExportColumn::name).toArray(String[]::new)).get());
        cells = new String[columns.size()];
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            cells[i] = cell(values[i]);
        }
        out.printRecord((Object[]) cells);
        if (pending.length() >= FLUSH_AT) {
            file.append(pending);
            pending.setLength(0);
        }
    }

    @Override
    public void finish() throws IOException {
        file.append(pending);
        pending.setLength(0);
        file.close(); // flushes; the stream underneath stays open
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> l) {
            return safe(String.join("|", l.stream().map(Object::toString).toList()));
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof String s) {
            return safe(s);
        }
        return v.toString();
    }

    /**
     * A text cell that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first)
     * is prefixed with ' — unless it is a number (a negative day count is data, not a formula).
     */
    static String safe(String s) {
        if (s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        if ((c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') && !NUMBER.matcher(s).matches()) {
            return "'" + s;
        }
        return s;
    }
}
