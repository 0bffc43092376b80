package org.nelmregistry.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.Period;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The registry's one definition of the index procedure and the values derived from it:
 * the earliest procedure whose intent is curative or cytoreductive; if there is none, the
 * earliest procedure; on the same date, the one listed first. Shared by de-identification
 * (relative days, age, index year) and reporting (derived outcomes).
 */
public final class IndexProcedure {

    static final Set<String> INDEX_INTENTS = Set.of("curative", "cytoreductive");
    /** Ages at or above this are reported as this value (HIPAA Safe Harbor: no ages over 89). */
    public static final int AGE_TOP_CODE = 90;

    private IndexProcedure() {
    }

    /**
     * Position of the index procedure in a case's {@code procedures} array. Dates may be ISO
     * strings (identifiable case) or whole days (de-identified record); a procedure without a
     * readable date is never chosen.
     */
    public static OptionalInt of(JsonNode procedures) {
        int best = -1;
        boolean bestPreferred = false;
        long bestDay = Long.MAX_VALUE;
        for (int i = 0; procedures != null && i < procedures.size(); i++) {
            JsonNode p = procedures.get(i);
            Long day = day(p.get("procedure_date"));
            if (day == null) {
                continue;
            }
            boolean preferred = INDEX_INTENTS.contains(p.path("intent").asText());
            // strictly earlier wins, so on the same date the one listed first stays
            if (best < 0 || (preferred && !bestPreferred) || (preferred == bestPreferred && day < bestDay)) {
                best = i;
                bestPreferred = preferred;
                bestDay = day;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    private static Long day(JsonNode date) {
        if (date == null || date.isNull()) {
            return null;
        }
        if (date.isNumber()) {
            return date.asLong();
        }
        try {
            return LocalDate.parse(date.asText()).toEpochDay();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whole years from birth to the index date, top-coded at {@value #AGE_TOP_CODE}. */
    public static int ageAtIndex(LocalDate birthDate, LocalDate indexDate) {
        int years = Period.between(birthDate, indexDate).getYears();
        return Math.min(Math.max(years, 0), AGE_TOP_CODE);
    }
}
