package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.reporting.export.ExportTables;
import org.nelmregistry.reporting.form.FormCodes;
import org.nelmregistry.reporting.report.QueryRestriction;
import org.nelmregistry.risk.ReleaseRisk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A checked export request: {@code {"format", "tables", "filters", "freeze", "purpose", "k"}}.
 * Every violation is reported at once, each with its pointer and rule.
 */
public record ExportRequest(String format, List<String> tables, Map<String, String> filters, String freeze, String purpose,
        Integer k) {

    public static final List<String> FORMATS = List.of("csv", "parquet", "jsonl");
    public static final Set<String> FIELDS = Set.of("format", "tables", "filters", "freeze", "purpose", "k");
    public static final int PURPOSE_MIN = 3;
    public static final int PURPOSE_MAX = 500;
    public static final int K_MAX = 100;

    public static ExportRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("", "type",
                    "send {\"format\": \"csv\", \"purpose\": \"study id or approval reference\"}");
        }
        List<ProblemError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                errors.add(new ProblemError("/" + f, "unknown-field", "an export takes only " + FIELDS.stream().sorted().toList()));
            }
        });
        String format = text(body, "format", errors);
        if (format == null && !errors.stream().anyMatch(e -> e.pointer().equals("/format"))) {
            errors.add(new ProblemError("/format", "required", "format is one of " + FORMATS));
        } else if (format != null && !FORMATS.contains(format)) {
            errors.add(new ProblemError("/format", "enum", "format is one of " + FORMATS));
        }
        List<String> all = ExportTables.current().names();
        List<String> tables = all;
        JsonNode t = body.get("tables");
        if (t != null && !t.isNull()) {
            if (!t.isArray() || t.isEmpty()) {
                errors.add(new ProblemError("/tables", "type", "tables is a non-empty array of " + all));
            } else {
                Set<String> chosen = new LinkedHashSet<>();
                for (int i = 0; i < t.size(); i++) {
                    JsonNode x = t.get(i);
                    if (!x.isTextual() || !all.contains(x.asText())) {
                        errors.add(new ProblemError("/tables/" + i, "enum", "a table is one of " + all));
                    } else if (!chosen.add(x.asText())) {
                        errors.add(new ProblemError("/tables/" + i, "unique", "each table at most once"));
                    }
                }
                // the export's order, whatever the request's
                tables = all.stream().filter(chosen::contains).toList();
            }
        }
        Map<String, String> filters = Map.of();
        JsonNode f = body.get("filters");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                errors.add(new ProblemError("/filters", "type", "filters is an object, e.g. {\"who_grade\": \"G2\"}"));
            } else {
                Map<String, String> given = new LinkedHashMap<>();
                f.fields().forEachRemaining(e -> {
                    String name = e.getKey();
                    JsonNode v = e.getValue();
                    if (!QueryRestriction.FILTERS.contains(name)) {
                        errors.add(new ProblemError("/filters/" + name, "unknown-field", "filters are "
                                + new TreeSet<>(QueryRestriction.FILTERS)));
                    } else if (!(v.isTextual() || v.isIntegralNumber())) {
                        errors.add(new ProblemError("/filters/" + name, "type", name + " is a string (a year: a whole number)"));
                    } else {
                        given.put(name, v.asText());
                    }
                });
                filters = ReportParameters.checkFilters(given, "/filters/", errors);
                String scope = filters.get(FormCodes.CONSENT_SCOPE.code());
                if (scope != null && !scope.equals(ExportService.RESEARCH_CONSENT)) {
                    errors.add(new ProblemError("/filters/" + FormCodes.CONSENT_SCOPE.code(), "consent",
                            "row-level exports hold only cases consented for research (" + ExportService.RESEARCH_CONSENT + ")"));
                }
            }
        }
        String freeze = text(body, "freeze", errors);
        if (freeze != null && !ReportParameters.FREEZE_NAME.matcher(freeze).matches()) {
            errors.add(new ProblemError("/freeze", "format", "a freeze name: letters, digits, '.', '_' or '-', at most 64"));
        }
        String purpose = text(body, "purpose", errors);
        if (purpose == null && !errors.stream().anyMatch(e -> e.pointer().equals("/purpose"))) {
            errors.add(new ProblemError("/purpose", "required",
                    "an export records its purpose: the study id or the approval reference it serves"));
        } else if (purpose != null && (purpose.strip().length() < PURPOSE_MIN || purpose.length() > PURPOSE_MAX)) {
            errors.add(new ProblemError("/purpose", "length", "purpose is " + PURPOSE_MIN + " to " + PURPOSE_MAX + " characters"));
        }
        Integer k = null;
        JsonNode kn = body.get("k");
        if (kn != null && !kn.isNull()) {
            if (!kn.isIntegralNumber()) {
                errors.add(new ProblemError("/k", "type", "k is a whole number, e.g. " + ReleaseRisk.DEFAULT_K));
            } else if (kn.asLong() < 2 || kn.asLong() > K_MAX) {
                errors.add(new ProblemError("/k", "range", "k is between 2 and " + K_MAX));
            } else {
                k = kn.asInt();
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new ExportRequest(format, tables, filters, freeze, purpose.strip(), k);
    }

    private static String text(JsonNode body, String name, List<ProblemError> errors) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new ProblemError("/" + name, "type", name + " is a string"));
            return null;
        }
        return v.asText();
    }
}
