package org.nelmregistry.reporting.export;

import org.nelmregistry.contracts.crf.FieldType;

/** The type of an export column, as the codebook names it and each format writes it. */
public enum ColumnType {
    /** free string (a text cell: neutralised in CSV when it could start a formula) */
    STRING,
    /** one of a fixed set of codes (dictionary-encoded in Parquet) */
    ENUM,
    /** several codes: "a|b" in CSV, a list in Parquet, an array in JSON Lines */
    ENUM_SET,
    INTEGER,
    /** exact decimal: Parquet DECIMAL(18, 6) */
    DECIMAL,
    BOOLEAN;

    public static final int DECIMAL_PRECISION = 18;
    public static final int DECIMAL_SCALE = 6;

    /** The column type of a released form field: dates leave as whole days from the index procedure. */
    public static ColumnType of(FieldType t) {
        return switch (t) {
            case STRING, TEXT -> STRING;
            case DATE, INTEGER -> INTEGER;
            case ENUM -> ENUM;
            case ENUM_SET -> ENUM_SET;
            case DECIMAL -> DECIMAL;
            case BOOLEAN -> BOOLEAN;
        };
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
