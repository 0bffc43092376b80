package org.nelmregistry.reporting.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes one table of an export in one format, row by row, straight to a stream (an entry of the
 * export's zip): nothing is held beyond the current row (Parquet: its current row group).
 * Values are {@code null}, String, Integer, BigDecimal, Boolean, or a List of String (an enum-set).
 */
public interface TableWriter {

    void row(Object[] values) throws IOException;

    /** Ends the table; the underlying stream stays open (the zip goes on with its next entry). */
    void finish() throws IOException;

    static TableWriter open(String format, List<ExportColumn> columns, OutputStream out) throws IOException {
        OutputStream keepOpen = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        return switch (format) {
            case "csv" -> new CsvTableWriter(columns, keepOpen);
            case "jsonl" -> new JsonlTableWriter(columns, keepOpen);
            case "parquet" -> new ParquetTableWriter(columns, keepOpen);
            default -> throw new IllegalArgumentException("no export format " + format);
        };
    }

    /** The file extension of a format's table files. */
    static String extension(String format) {
        return format;
    }
}
