package org.nelmregistry.contracts.crf;

import java.util.Locale;

/** What de-identification does with a field (see the header of the case report form). */
public enum Privacy {
    /** never leaves the submission service */
    DIRECT,
    /** used only for the keyed patient pseudonym, then dropped */
    LINK,
    /** becomes age at the index procedure, top-coded at 90 */
    BIRTH,
    /** becomes whole days relative to the index procedure */
    DATE,
    /** kept, counted in re-identification risk checks */
    QUASI,
    /** kept as is */
    CLINICAL,
    /** free text: dropped */
    TEXT;

    /** What leaves the trust boundary for a field of this class. */
    public enum Release {
        /** nothing */
        DROP,
        /** only the age in whole years at the index procedure (record level {@code age_at_index}) */
        AGE_AT_INDEX,
        /** whole days relative to the index procedure date */
        DAYS_FROM_INDEX,
        /** the value as submitted */
        KEEP
    }

    public Release release() {
        return switch (this) {
            case DIRECT, LINK, TEXT -> Release.DROP;
            case BIRTH -> Release.AGE_AT_INDEX;
            case DATE -> Release.DAYS_FROM_INDEX;
            case QUASI, CLINICAL -> Release.KEEP;
        };
    }

    static Privacy of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Identifying on the submission side: hidden from data managers, never downstream. */
    public boolean identifying() {
        return this == DIRECT || this == LINK || this == BIRTH || this == TEXT;
    }
}
