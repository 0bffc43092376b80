package org.nelmregistry.contracts.crf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The case body as a JSON Schema (draft 2020-12), generated from the {@link CaseReportForm} so
 * that a centre can check a case offline with any JSON Schema tool before sending it.
 *
 * <p>It states what a single value may be, as the submission service's field checks do: types,
 * dates ({@code format: date} plus a pattern, since draft 2020-12 only annotates formats), enums,
 * enum-sets (arrays of unique listed values), numeric ranges, integer or decimal, maximum
 * lengths, required fields and sections, repeating sections as arrays, no unknown field. Like the
 * service, it accepts {@code null} (and an empty enum-set) for a field that is not required: the
 * form counts them as absent. The cross-field rules (R1..R11, conditional fields included) need
 * the whole case and stay in the service; they are listed as text in {@code description}.
 */
public final class CaseSchema {

    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    /** The media type of a JSON Schema document. */
    public static final String MEDIA_TYPE = "application/schema+json";
    /** A date value: the shape of an ISO-8601 calendar date, for tools that do not assert {@code format}. */
    static final String DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    /**
     * A required string may not be blank: it holds a character that is not white space as Java's
     * {@code String.isBlank} (the service's check) counts it, written so that ECMA-262 and Java regex
     * engines read it alike (no {@code \s}, whose meaning differs between them).
     */
    static final String NOT_BLANK = "[^\\t\\n\\u000b\\f\\r \\u001c-\\u001f\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000]";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CaseSchema() {
    }

    /** The schema's {@code $id}: names the form version, so a schema of another version is another document. */
    public static String id(int formVersion) {
        return "urn:nelm-registry:case-report-form:" + formVersion + ":case";
    }

    /** The schema of a case under this form, with no bound on the entries of a repeating section. */
    public static ObjectNode generate(CaseReportForm form) {
        return generate(form, null);
    }

    /**
     * The schema of a case under this form.
     *
     * @param maxEntries the most entries a repeating section may have (a service's input bound), or null
     */
    public static ObjectNode generate(CaseReportForm form, Integer maxEntries) {
        ObjectNode root = JSON.objectNode();
        root.put("$schema", DIALECT);
        root.put("$id", id(form.version()));
        root.put("title", "NELM registry case (case report form version " + form.version() + ")");
        root.put("description", description(form));
        root.put("$comment", "Generated from the case report form, version " + form.version() + "; do not edit.");
        root.put("type", "object");
        ObjectNode properties = root.putObject("properties");
        List<String> required = new ArrayList<>();
        for (Section s : form.sections()) {
            properties.set(s.code(), section(s, maxEntries));
            if (!s.many() || s.atLeastOne()) {
                required.add(s.code());
            }
        }
        required.forEach(root.putArray("required")::add);
        root.put("additionalProperties", false);
        return root;
    }

    private static String description(CaseReportForm form) {
        StringBuilder d = new StringBuilder("A case of the NELM registry as a centre submits it (POST /api/v1/cases), ")
                .append("version ").append(form.version()).append(" of the case report form. This schema checks each ")
                .append("value on its own (type, format, listed values, range, length, required and unknown fields). ")
                .append("The service also checks these cross-field rules, which a JSON Schema does not express:");
        for (Rule r : form.rules()) {
            d.append('\n').append(r.id()).append(": ").append(r.text());
        }
        return d.toString();
    }

    private static ObjectNode section(Section s, Integer maxEntries) {
        ObjectNode entry = JSON.objectNode();
        entry.put("type", "object");
        ObjectNode properties = entry.putObject("properties");
        List<String> required = new ArrayList<>();
        for (Field f : s.fields()) {
            properties.set(f.code(), field(f));
            if (f.required() == Requirement.REQUIRED) {
                required.add(f.code());
            }
        }
        if (!required.isEmpty()) {
            required.forEach(entry.putArray("required")::add);
        }
        entry.put("additionalProperties", false);
        if (!s.many()) {
            entry.put("title", s.code());
            if (s.note() != null) {
                entry.put("description", s.note());
            }
            return entry;
        }
        ObjectNode array = JSON.objectNode();
        array.put("title", s.code());
        if (s.note() != null) {
            array.put("description", s.note());
        }
        if (s.atLeastOne()) {
            array.put("type", "array");
            array.put("minItems", 1);
        } else {
            // absent, null and [] all mean "no entries"
            types(array, "array", true);
        }
        if (maxEntries != null) {
            array.put("maxItems", maxEntries);
        }
        array.set("items", entry);
        return array;
    }

    private static ObjectNode field(Field f) {
        ObjectNode n = JSON.objectNode();
        n.put("title", f.code());
        String description = description(f);
        if (!description.isEmpty()) {
            n.put("description", description);
        }
        boolean nullable = f.required() != Requirement.REQUIRED;
        switch (f.type()) {
            case STRING, TEXT -> {
                types(n, "string", nullable);
                if (f.max() != null) {
                    n.put("maxLength", f.max().intValueExact());
                }
                if (!nullable) {
                    n.put("pattern", NOT_BLANK);
                }
            }
            case DATE -> {
                types(n, "string", nullable);
                n.put("format", "date");
                n.put("pattern", DATE_PATTERN);
            }
            case ENUM -> {
                types(n, "string", nullable);
                ArrayNode values = n.putArray("enum");
                f.values().forEach(values::add);
                if (nullable) {
                    values.addNull(); // enum is checked on every value, null included
                }
            }
            case ENUM_SET -> {
                types(n, "array", nullable);
                ObjectNode items = n.putObject("items");
                items.put("type", "string");
                f.values().forEach(items.putArray("enum")::add);
                n.put("uniqueItems", true);
                if (!nullable) {
                    n.put("minItems", 1); // the form counts [] as absent
                }
            }
            case INTEGER -> {
                types(n, "integer", nullable);
                range(n, f);
            }
            case DECIMAL -> {
                types(n, "number", nullable);
                range(n, f);
            }
            case BOOLEAN -> types(n, "boolean", nullable);
        }
        return n;
    }

    /** Unit, note and the trigger of a conditional field, for people reading the schema. */
    private static String description(Field f) {
        List<String> parts = new ArrayList<>();
        if (f.unit() != null) {
            parts.add("Unit: " + f.unit() + ".");
        }
        if (f.note() != null) {
            parts.add(f.note() + ".");
        }
        Condition when = f.requiredWhen();
        if (when != null) {
            parts.add("Rule " + when.rule() + " (checked by the service): required " + (when.only() ? "exactly " : "")
                    + "when " + when.describe() + (when.unlessEarlierVisit() ? ", unless an earlier visit recorded it" : "") + ".");
        }
        return String.join(" ", parts);
    }

    private static void types(ObjectNode n, String type, boolean nullable) {
        if (nullable) {
            n.putArray("type").add(type).add("null");
        } else {
            n.put("type", type);
        }
    }

    private static void range(ObjectNode n, Field f) {
        if (f.min() != null) {
            n.set("minimum", number(f.min()));
        }
        if (f.max() != null) {
            n.set("maximum", number(f.max()));
        }
    }

    /** Whole bounds as integers (0, not 0.0), others as written in the form. */
    private static JsonNode number(BigDecimal d) {
        if (d.stripTrailingZeros().scale() > 0) {
            return JSON.numberNode(d);
        }
        long whole = d.longValueExact();
        return whole == (int) whole ? JSON.numberNode((int) whole) : JSON.numberNode(whole);
    }
}
