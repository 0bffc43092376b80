package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Condition;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Requirement;
import org.nelmregistry.contracts.crf.Section;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks a case against the case report form, field by field, and returns every violation at
 * once. Everything it knows comes from {@link CaseReportForm}: types, units, ranges, enums,
 * required levels. Details never quote the submitted value (it may be an identifier).
 */
@ApplicationScoped
public class CaseValidator {

    private final CaseReportForm form = CaseReportForm.current();

    /** Errors reject the case; warnings (R9) are stored with it as data-quality flags. */
    public record Result(List<ProblemError> errors, List<ProblemError> warnings) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Result check(JsonNode body) {
        List<ProblemError> errors = new ArrayList<>(validate(body));
        List<ProblemError> warnings = new ArrayList<>();
        boolean overLimit = errors.stream().anyMatch(e -> Limits.RULE_SECTION_ENTRIES.equals(e.rule()));
        if (body != null && body.isObject() && !overLimit) {
            // cross-field rules read only values that passed the field checks: one wrong value, one error
            CaseRules.check(form, withoutInvalid(body, errors), errors, warnings);
        }
        return new Result(errors, warnings);
    }

    /** A copy of the case without the fields that failed a field-level check. */
    static JsonNode withoutInvalid(JsonNode body, List<ProblemError> errors) {
        JsonNode copy = body.deepCopy();
        for (ProblemError e : errors) {
            String[] p = e.pointer().split("/");
            if (p.length < 3) {
                continue;
            }
            JsonNode holder = copy.get(p[1]);
            String field = p[2];
            if (holder != null && holder.isArray() && p[2].matches("\\d+") && p.length >= 4) {
                holder = holder.get(Integer.parseInt(p[2]));
                field = p[3];
            }
            if (holder instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.remove(field);
            }
        }
        return copy;
    }

    /** Field-level checks only (types, formats, enums, ranges, required and conditional fields). */
    public List<ProblemError> validate(JsonNode body) {
        List<ProblemError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            errors.add(new ProblemError("", "type", "a case is a JSON object keyed by case report form section"));
            return errors;
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (form.section(name).isEmpty()) {
                errors.add(new ProblemError("/" + name, "unknown-field", "not a section of the case report form"));
            }
        }
        for (Section s : form.sections()) {
            JsonNode node = body.get(s.code());
            String pointer = "/" + s.code();
            if (!s.many()) {
                if (node == null || node.isNull()) {
                    errors.add(new ProblemError(pointer, "required", "section " + s.code() + " is required"));
                } else if (!node.isObject()) {
                    errors.add(new ProblemError(pointer, "type", "section " + s.code() + " is an object"));
                } else {
                    checkEntry(s, node, null, pointer, errors);
                }
            } else if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
                if (s.atLeastOne()) {
                    errors.add(new ProblemError(pointer, "required", "at least one entry of " + s.code() + " is required"));
                }
            } else if (!node.isArray()) {
                errors.add(new ProblemError(pointer, "type", "section " + s.code() + " is an array of objects"));
            } else if (node.size() > Limits.SECTION_ENTRIES) {
                // not read any further: the work per case stays bounded
                errors.add(new ProblemError(pointer, Limits.RULE_SECTION_ENTRIES,
                        "section " + s.code() + " has at most " + Limits.SECTION_ENTRIES + " entries"));
            } else {
                for (int i = 0; i < node.size(); i++) {
                    JsonNode entry = node.get(i);
                    if (!entry.isObject()) {
                        errors.add(new ProblemError(pointer + "/" + i, "type", "an entry of " + s.code() + " is an object"));
                    } else {
                        checkEntry(s, entry, node, pointer + "/" + i, errors);
                    }
                }
            }
        }
        return errors;
    }

    private void checkEntry(Section s, JsonNode entry, JsonNode siblings, String base, List<ProblemError> errors) {
        Iterator<String> names = entry.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (s.field(name).isEmpty()) {
                errors.add(new ProblemError(base + "/" + name, "unknown-field", "not a field of section " + s.code()));
            }
        }
        // values first, so that a trigger is read only when its own value is valid
        java.util.Set<String> invalid = new HashSet<>();
        for (Field f : s.fields()) {
            JsonNode v = entry.get(f.code());
            int before = errors.size();
            if (!absent(v)) {
                checkValue(f, v, base + "/" + f.code(), errors);
            }
            if (errors.size() > before) {
                invalid.add(f.code());
            }
        }
        JsonNode valid = entry;
        if (!invalid.isEmpty()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = entry.deepCopy();
            invalid.forEach(copy::remove);
            valid = copy;
        }
        for (Field f : s.fields()) {
            JsonNode v = entry.get(f.code());
            String pointer = base + "/" + f.code();
            Condition when = f.requiredWhen();
            if (when != null && (invalid.contains(when.field()) || invalid.contains(when.absent()))) {
                when = null; // its trigger is itself wrong and already reported
            }
            if (absent(v)) {
                if (f.required() == Requirement.REQUIRED) {
                    errors.add(new ProblemError(pointer, "required", f.code() + " is required"));
                } else if (when != null && when.holds(valid)
                        && !(when.unlessEarlierVisit() && recordedEarlier(f, entry, siblings, s))) {
                    errors.add(new ProblemError(pointer, when.rule(), f.code() + " is required when " + when.describe()));
                }
            } else if (when != null && when.only() && !invalid.contains(f.code()) && !when.holds(valid)) {
                errors.add(new ProblemError(pointer, when.rule(), f.code() + " is allowed only when " + when.describe()));
            }
        }
    }

    /** An earlier entry (by the section's first date field) already holds this field. */
    private static boolean recordedEarlier(Field f, JsonNode entry, JsonNode siblings, Section s) {
        if (siblings == null) {
            return false;
        }
        String dateField = s.fields().stream().filter(x -> x.type() == org.nelmregistry.contracts.crf.FieldType.DATE)
                .findFirst().orElseThrow().code();
        String mine = entry.path(dateField).asText("");
        for (JsonNode other : siblings) {
            if (other != entry && !absent(other.get(f.code())) && other.path(dateField).asText("").compareTo(mine) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Absent, null, or an empty enum-set: the form counts an empty array as absent. */
    static boolean absent(JsonNode v) {
        return v == null || v.isNull() || (v.isArray() && v.isEmpty());
    }

    private void checkValue(Field f, JsonNode v, String pointer, List<ProblemError> errors) {
        switch (f.type()) {
            case STRING, TEXT -> {
                if (!v.isTextual()) {
                    errors.add(new ProblemError(pointer, "type", f.code() + " is a string"));
                } else if (f.max() != null && v.asText().length() > f.max().intValue()) {
                    errors.add(new ProblemError(pointer, "range", f.code() + " has at most " + f.max().intValue() + " characters"));
                } else if (v.asText().isBlank() && f.required() == Requirement.REQUIRED) {
                    errors.add(new ProblemError(pointer, "required", f.code() + " is required and may not be blank"));
                }
            }
            case DATE -> {
                if (!v.isTextual()) {
                    errors.add(new ProblemError(pointer, "type", f.code() + " is an ISO-8601 date string (YYYY-MM-DD)"));
                } else if (!isDate(v.asText())) {
                    errors.add(new ProblemError(pointer, "format", f.code() + " is not a valid ISO-8601 date (YYYY-MM-DD)"));
                }
            }
            case ENUM -> {
                if (!v.isTextual()) {
                    errors.add(new ProblemError(pointer, "type", f.code() + " is one of the listed values (a string)"));
                } else if (!f.values().contains(v.asText())) {
                    errors.add(new ProblemError(pointer, "enum", f.code() + " must be one of " + shortList(f.values())));
                }
            }
            case ENUM_SET -> {
                if (!v.isArray()) {
                    errors.add(new ProblemError(pointer, "type", f.code() + " is an array of listed values"));
                    return;
                }
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < v.size(); i++) {
                    JsonNode x = v.get(i);
                    if (!x.isTextual() || !f.values().contains(x.asText())) {
                        errors.add(new ProblemError(pointer + "/" + i, "enum", f.code() + " values must be among " + shortList(f.values())));
                    } else if (!seen.add(x.asText())) {
                        errors.add(new ProblemError(pointer + "/" + i, "enum", f.code() + " lists a value twice"));
                    }
                }
            }
            case INTEGER -> {
                if (!v.isIntegralNumber()) {
                    errors.add(new ProblemError(pointer, "type", f.code() + " is a whole number" + unit(f)));
                } else {
                    checkRange(f, v.decimalValue(), pointer, errors);
                }
            }
            case DECIMAL -> {
                if (!v.isNumber()) {
                    errors.add(new ProblemError(pointer, "type", f.code() + " is a number" + unit(f)));
                } else {
                    checkRange(f, v.decimalValue(), pointer, errors);
                }
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    errors.add(new ProblemError(pointer, "type", f.code() + " is true or false"));
                }
            }
        }
    }

    private static void checkRange(Field f, BigDecimal value, String pointer, List<ProblemError> errors) {
        if ((f.min() != null && value.compareTo(f.min()) < 0) || (f.max() != null && value.compareTo(f.max()) > 0)) {
            errors.add(new ProblemError(pointer, "range", f.code() + " must be between " + plain(f.min()) + " and "
                    + plain(f.max()) + unit(f)));
        }
    }

    private static String plain(BigDecimal d) {
        return d == null ? "-" : d.stripTrailingZeros().toPlainString();
    }

    private static String unit(Field f) {
        return f.unit() == null ? "" : " (" + f.unit() + ")";
    }

    private static String shortList(List<String> values) {
        return values.size() > 20 ? "the ISO 3166-1 alpha-2 codes" : String.join(", ", values);
    }

    private static boolean isDate(String s) {
        if (s.length() != 10) {
            return false;
        }
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
