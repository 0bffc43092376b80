package org.nelmregistry.reporting.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

/** JSON Lines: one object per row, keys in column order, numbers as numbers, enum-sets as arrays, absent as null. */
final class JsonlTableWriter implements TableWriter {

    private static final JsonFactory JSON = new JsonFactory();
    private final JsonGenerator out;
    private final SerializedString[] names;
    private boolean any;

    JsonlTableWriter(List<ExportColumn> columns, OutputStream stream) throws IOException {
        out = JSON.createGenerator(stream, JsonEncoding.UTF8);
        out.setRootValueSeparator(new SerializedString("\n"));
        names = columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
    }

    @Override
    public void row(Object[] values) throws IOException {
        any = true;
        out.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            out.writeFieldName(names[i]);
            Object v = values[i];
            if (v == null) {
                out.writeNull();
            } else if (v instanceof String s) {
                out.writeString(s);
            } else if (v instanceof Integer n) {
                out.writeNumber(n);
            } else if (v instanceof BigDecimal d) {
                out.writeNumber(d.stripTrailingZeros().toPlainString());
            } else if (v instanceof Boolean b) {
                out.writeBoolean(b);
            } else if (v instanceof List<?> l) {
                out.writeStartArray();
                for (Object x : l) {
                    out.writeString(x.toString());
                }
                out.writeEndArray();
            } else {
                throw new IllegalArgumentException("unexpected cell type " + v.getClass().getSimpleName());
            }
        }
        out.writeEndObject();
    }

    @Override
    public void finish() throws IOException {
        if (any) {
            out.writeRaw('\n');
        }
        out.close();
    }
}
