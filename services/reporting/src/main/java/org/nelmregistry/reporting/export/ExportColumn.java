package org.nelmregistry.reporting.export;

import java.util.List;

/**
 * One column of an export table, with what the codebook says of it.
 *
 * @param source     where the value comes from (see {@link Source})
 * @param values     allowed codes of an enum or enum-set (empty otherwise)
 * @param privacy    the form's privacy class of the source field, {@code pseudonym} for keys,
 *                   {@code derived} for outcomes
 * @param derivation how the value was made: the form's {@code derived:} text for outcomes, else a short note
 */
public record ExportColumn(String table, String name, ColumnType type, String unit, List<String> values, String privacy,
        String derivation, Source source) {

    /**
     * Where a column's value is read: a column of the export's case row ({@code KEY}: pseudonyms,
     * centre, age, year, form version), a field of the released record ({@code RECORD}: {@code section}
     * and {@code field}), a derived outcome of the analytic store ({@code DERIVED}), or the entry's
     * position ({@code SEQ}).
     */
    public record Source(Kind kind, String section, String field) {

        public enum Kind { KEY, RECORD, DERIVED, SEQ }

        public static Source key(String column) {
            return new Source(Kind.KEY, null, column);
        }

        public static Source record(String section, String field) {
            return new Source(Kind.RECORD, section, field);
        }

        public static Source derived(String column) {
            return new Source(Kind.DERIVED, null, column);
        }

        public static Source seq() {
            return new Source(Kind.SEQ, null, "seq");
        }
    }
}
