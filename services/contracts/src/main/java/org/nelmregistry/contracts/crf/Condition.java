package org.nelmregistry.contracts.crf;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * When a conditional field is required (its {@code required_when} in the case report form),
 * evaluated on the entry that holds the field.
 *
 * @param field              the sibling field the trigger reads ({@code procedure_type} for procedure triggers)
 * @param equals             trigger: the sibling's value equals this (booleans as "true"/"false")
 * @param notEquals          trigger: the sibling is present and not this
 * @param prefix             trigger: the sibling's value starts with this
 * @param anyOf              trigger: the sibling's value is one of these
 * @param absent             trigger: this sibling field is absent
 * @param only               the field is allowed only while the trigger holds
 * @param rule               the rule id a violation reports
 * @param unlessEarlierVisit satisfied when an earlier visit already recorded the field
 */
public record Condition(String field, String equals, String notEquals, String prefix, List<String> anyOf,
        String absent, boolean only, String rule, boolean unlessEarlierVisit) {

    public static final String DEFAULT_RULE = "R5-conditional-required";

    public boolean holds(JsonNode entry) {
        if (absent != null) {
            return isAbsent(entry.get(absent));
        }
        JsonNode v = entry.get(field);
        if (isAbsent(v)) {
            return false;
        }
        String s = v.asText();
        if (equals != null) {
            return equals.equals(s);
        }
        if (notEquals != null) {
            return !notEquals.equals(s);
        }
        if (prefix != null) {
            return s.startsWith(prefix);
        }
        return anyOf != null && anyOf.contains(s);
    }

    /** Readable trigger, for error details and the dictionary. */
    public String describe() {
        if (absent != null) {
            return absent + " is absent";
        }
        if (equals != null) {
            return field + " is " + equals;
        }
        if (notEquals != null) {
            return field + " is not " + notEquals;
        }
        if (prefix != null) {
            return field + " starts with " + prefix;
        }
        return field + " is one of " + String.join(", ", anyOf);
    }

    static boolean isAbsent(JsonNode v) {
        return v == null || v.isNull() || (v.isArray() && v.isEmpty());
    }
}
