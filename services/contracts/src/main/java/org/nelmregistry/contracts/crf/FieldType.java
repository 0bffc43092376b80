package org.nelmregistry.contracts.crf;

import java.util.Locale;

/** Value types of the case report form. */
public enum FieldType {
    STRING, TEXT, DATE, ENUM, ENUM_SET, INTEGER, DECIMAL, BOOLEAN;

    static FieldType of(String code) {
        return valueOf(code.replace('-', '_').toUpperCase(Locale.ROOT));
    }

    /** The spelling used in the case report form (e.g. {@code enum-set}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
