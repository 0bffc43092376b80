package org.nelmregistry.risk;

import java.util.Locale;
import java.util.Map;

/**
 * The registry's quasi-identifiers and how each is generalised before records are compared.
 * A record is a map of de-identified values: {@code age_at_index}, {@code sex}, {@code country},
 * {@code index_year}, {@code primary_site}, {@code centre_id}.
 */
public enum QuasiIdentifier {
    /** age in 5-year bands: 60-64 */
    AGE_BAND_5,
    /** age in 10-year bands: 60-69 */
    AGE_BAND_10,
    SEX,
    COUNTRY,
    INDEX_YEAR,
    /** index year in 5-year periods: 2020-2024 */
    INDEX_PERIOD_5,
    PRIMARY_SITE,
    CENTRE;

    public static QuasiIdentifier of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The generalised value of this quasi-identifier in a record ("*" when absent). */
    public String value(Map<String, ?> record) {
        return switch (this) {
            case AGE_BAND_5 -> band(record.get("age_at_index"), 5);
            case AGE_BAND_10 -> band(record.get("age_at_index"), 10);
            case SEX -> text(record.get("sex"));
            case COUNTRY -> text(record.get("country"));
            case INDEX_YEAR -> text(record.get("index_year"));
            case INDEX_PERIOD_5 -> band(record.get("index_year"), 5);
            case PRIMARY_SITE -> text(record.get("primary_site"));
            case CENTRE -> text(record.get("centre_id"));
        };
    }

    private static String text(Object v) {
        return v == null ? "*" : v.toString();
    }

    static String band(Object v, int width) {
        if (!(v instanceof Number n)) {
            return "*";
        }
        int low = Math.floorDiv(n.intValue(), width) * width;
        return low + "-" + (low + width - 1);
    }
}
