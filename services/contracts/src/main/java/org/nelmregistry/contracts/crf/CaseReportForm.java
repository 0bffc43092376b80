package org.nelmregistry.contracts.crf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The registry's case report form (data dictionary), read from the YAML that ships in this
 * jar ({@code crf/case-report-form.yaml}, a copy of the registry's clinical contract). It is the
 * single source for validation, the dictionary endpoint, the de-identification policy and the
 * export codebook: nothing else lists fields.
 */
public final class CaseReportForm {

    public static final String RESOURCE = "crf/case-report-form.yaml";
    /** The enum source the form names instead of listing country codes. */
    static final String ISO_COUNTRIES = "iso-3166-1-alpha-2";

    private static volatile CaseReportForm current;

    private final int version;
    private final List<Section> sections;
    private final Map<String, List<String>> procedureGroups;
    private final List<Rule> rules;
    private final Map<String, String> derived;

    private CaseReportForm(int version, List<Section> sections, Map<String, List<String>> procedureGroups,
            List<Rule> rules, Map<String, String> derived) {
        this.version = version;
        this.sections = List.copyOf(sections);
        this.procedureGroups = Collections.unmodifiableMap(procedureGroups);
        this.rules = List.copyOf(rules);
        this.derived = Collections.unmodifiableMap(derived);
    }

    /** The form shipped with this build. */
    public static CaseReportForm current() {
        CaseReportForm f = current;
        if (f == null) {
            try (InputStream in = CaseReportForm.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                f = current = parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return f;
    }

    /** Parses a form; refuses a field without type, privacy class or required level. */
    public static CaseReportForm parse(InputStream yaml) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        int version = root.path("version").asInt(0);
        if (version < 1) {
            throw new IllegalArgumentException("case report form has no version");
        }
        List<Section> sections = new ArrayList<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        root.path("procedure_groups").fields().forEachRemaining(e -> groups.put(e.getKey(), strings(e.getValue())));
        root.path("sections").fields().forEachRemaining(e -> sections.add(section(e.getKey(), e.getValue(), groups)));
        List<Rule> rules = new ArrayList<>();
        root.path("rules").forEach(r -> rules.add(new Rule(r.path("id").asText(), r.path("text").asText())));
        Map<String, String> derived = new LinkedHashMap<>();
        root.path("derived").fields().forEachRemaining(e -> derived.put(e.getKey(), e.getValue().asText()));
        return new CaseReportForm(version, sections, groups, rules, derived);
    }

    private static Section section(String code, JsonNode node, Map<String, List<String>> groups) {
        String cardinality = node.path("cardinality").asText("one");
        boolean many = cardinality.startsWith("many");
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : node.path("fields")) {
            fields.add(field(code, f, groups));
        }
        return new Section(code, many, cardinality.contains("at least one"), text(node, "note"), fields);
    }

    private static Field field(String section, JsonNode f, Map<String, List<String>> groups) {
        String code = f.path("code").asText(null);
        if (code == null) {
            throw new IllegalArgumentException("a field of section " + section + " has no code");
        }
        String where = section + "." + code;
        FieldType type = FieldType.of(need(f, "type", where));
        Privacy privacy = Privacy.of(need(f, "privacy", where));
        Requirement required = Requirement.of(need(f, "required", where));
        List<String> values = List.of();
        JsonNode v = f.get("values");
        if (v != null && v.isTextual() && ISO_COUNTRIES.equals(v.asText())) {
            values = Arrays.stream(Locale.getISOCountries()).sorted().toList();
        } else if (v != null) {
            values = strings(v);
        }
        if ((type == FieldType.ENUM || type == FieldType.ENUM_SET) && values.isEmpty()) {
            throw new IllegalArgumentException(where + " is an enum without values");
        }
        Condition when = condition(f.get("required_when"), groups, where);
        if (required == Requirement.CONDITIONAL && when == null) {
            throw new IllegalArgumentException("conditional field " + where + " has no required_when");
        }
        return new Field(section, code, type, values, number(f, "min"), number(f, "max"), text(f, "unit"),
                required, privacy, text(f, "note"), when);
    }

    private static Condition condition(JsonNode w, Map<String, List<String>> groups, String where) {
        if (w == null) {
            return null;
        }
        List<String> anyOf = null;
        String field = text(w, "field");
        if (w.has("procedure_group")) {
            anyOf = groups.get(w.get("procedure_group").asText());
            if (anyOf == null) {
                throw new IllegalArgumentException(where + " names an unknown procedure group");
            }
            field = "procedure_type";
        } else if (w.has("procedure_types")) {
            anyOf = strings(w.get("procedure_types"));
            field = "procedure_type";
        }
        String rule = w.has("rule") ? w.get("rule").asText() : Condition.DEFAULT_RULE;
        return new Condition(field, text(w, "equals"), text(w, "not_equals"), text(w, "prefix"), anyOf, text(w, "absent"),
                w.path("only").asBoolean(false), rule, w.path("unless_earlier_visit").asBoolean(false));
    }

    private static String need(JsonNode f, String key, String where) {
        JsonNode v = f.get(key);
        if (v == null || v.asText().isBlank()) {
            throw new IllegalArgumentException("field " + where + " has no " + key);
        }
        return v.asText();
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null ? null : v.asText();
    }

    private static BigDecimal number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null ? null : new BigDecimal(v.asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }

    public int version() {
        return version;
    }

    public List<Section> sections() {
        return sections;
    }

    public Optional<Section> section(String code) {
        return sections.stream().filter(s -> s.code().equals(code)).findFirst();
    }

    public Stream<Field> fields() {
        return sections.stream().flatMap(s -> s.fields().stream());
    }

    public Map<String, List<String>> procedureGroups() {
        return procedureGroups;
    }

    /** Procedure types of a named group; empty when the group does not exist. */
    public List<String> procedureGroup(String name) {
        return procedureGroups.getOrDefault(name, List.of());
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The {@code derived:} definitions in the form's order: code (e.g. {@code death_90d}) to definition text. */
    public Map<String, String> derived() {
        return derived;
    }

    /**
     * A fingerprint of the {@code derived:} section (the first 16 hex digits of a SHA-256 over
     * its codes and texts in order): it changes whenever a definition does, so a data freeze can
     * record which definitions its outcomes were computed by.
     */
    public String derivationVersion() {
        StringBuilder canonical = new StringBuilder();
        derived.forEach((code, text) -> canonical.append(code).append('\u0000').append(text).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
