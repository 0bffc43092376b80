package org.nelmregistry.contracts.crf;

import java.math.BigDecimal;
import java.util.List;

/**
 * One field of the case report form.
 *
 * @param values allowed values of an enum or enum-set (empty for other types)
 * @param min    lower bound of a number (null when none)
 * @param max    upper bound of a number, or maximum length of a string/text (null when none)
 * @param requiredWhen the trigger of a conditional field (null for other fields)
 */
public record Field(String section, String code, FieldType type, List<String> values, BigDecimal min,
        BigDecimal max, String unit, Requirement required, Privacy privacy, String note, Condition requiredWhen) {

    /** JSON pointer of the field inside a case, for sections of cardinality one. */
    public String pointer() {
        return "/" + section + "/" + code;
    }
}
