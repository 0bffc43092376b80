package org.nelmregistry.risk;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The registry's quasi-identifiers and how each is generalised before records are compared.
 * A record is a map of de-identified values under the keys of {@link Keys}: the case report
 * form's fields of privacy class {@code quasi} (by their codes) and three values de-identification
 * computes for every record. {@code QuasiIdentifierFormTest} fails when the form renames one of
 * those fields, changes its privacy class or adds a quasi field that no quasi-identifier reads.
 */
public enum QuasiIdentifier {
    /** age in 5-year bands: 60-64 */
    AGE_BAND_5(Keys.AGE_AT_INDEX, false, 5),
    /** age in 10-year bands: 60-69 */
    AGE_BAND_10(Keys.AGE_AT_INDEX, false, 10),
    SEX(Keys.SEX, true, 0),
    COUNTRY(Keys.COUNTRY, true, 0),
    INDEX_YEAR(Keys.INDEX_YEAR, false, 0),
    /** index year in 5-year periods: 2020-2024 */
    INDEX_PERIOD_5(Keys.INDEX_YEAR, false, 5),
    PRIMARY_SITE(Keys.PRIMARY_SITE, true, 0),
    CENTRE(Keys.CENTRE_ID, false, 0);

    /** The keys of a record as this library reads it. */
    public static final class Keys {
        /** Age in whole years at the index procedure (de-identification's {@code age_at_index}, from the form's birth field). */
        public static final String AGE_AT_INDEX = "age_at_index";
        /** Year of the index procedure (de-identification's {@code index_year}). */
        public static final String INDEX_YEAR = "index_year";
        /** The submitting centre (the record's {@code centre_id}). */
        public static final String CENTRE_ID = "centre_id";
        /** Form field {@code patient.sex}, privacy class quasi. */
        public static final String SEX = "sex";
        /** Form field {@code patient.country}, privacy class quasi. */
        public static final String COUNTRY = "country";
        /** Form field {@code primary_tumour.primary_site}, privacy class quasi. */
        public static final String PRIMARY_SITE = "primary_site";

        private Keys() {
        }
    }

    private final String key;
    private final boolean formField;
    private final int band;

    QuasiIdentifier(String key, boolean formField, int band) {
        this.key = key;
        this.formField = formField;
        this.band = band;
    }

    public static QuasiIdentifier of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The record key this quasi-identifier reads. */
    public String key() {
        return key;
    }

    /** Whether {@link #key()} is the code of a form field (of privacy class quasi), not a value de-identification computes. */
    public boolean formField() {
        return formField;
    }

    /** The codes of the form fields read by some quasi-identifier. */
    public static Set<String> formFieldCodes() {
        return Arrays.stream(values()).filter(QuasiIdentifier::formField).map(QuasiIdentifier::key)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The generalised value of this quasi-identifier in a record ("*" when absent). */
    public String value(Map<String, ?> record) {
        Object v = record.get(key);
        return band > 0 ? band(v, band) : text(v);
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
