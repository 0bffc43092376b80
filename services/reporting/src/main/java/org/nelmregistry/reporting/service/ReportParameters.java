package org.nelmregistry.reporting.service;

import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.reporting.form.FieldRef;
import org.nelmregistry.reporting.form.FormCodes;
import org.nelmregistry.reporting.report.Dimensions;
import org.nelmregistry.reporting.report.QueryRestriction;
import org.nelmregistry.reporting.report.Reports;
import org.nelmregistry.reporting.repository.AnalyticRepository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The query parameters of the reports, checked before anything is read: every report takes the same
 * filters and {@code freeze}, plus its own; each parameter at most once; an unknown parameter or value
 * is a 400 problem naming it (pointer {@code /<parameter>}); filter values are checked against the
 * case report form's enums.
 */
public final class ReportParameters {

    public static final String SUMMARY = "summary";
    public static final String OUTCOMES = "outcomes";
    public static final String SURVIVAL = "survival";
    public static final String FUNNEL = "funnel";
    public static final String COMPLETENESS = "completeness";
    public static final String MY_CENTRE = "my-centre";

    public static final String ALPPS = "alpps_benchmarks";
    public static final List<String> DEFAULT_SUMMARY_BY = List.of("centre_id", "index_year", "procedure_type");
    public static final int MAX_SUMMARY_BY = 3;
    public static final Set<String> UNITS = Set.of("case", "procedure");
    public static final Set<String> ENDPOINTS = Set.of("os", "rfs");
    public static final Pattern CENTRE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    public static final Pattern FREEZE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MIN_YEAR = 1900;
    static final int MAX_YEAR = 2100;

    /** The report-specific parameters beside the filters and freeze. */
    static final Map<String, Set<String>> OWN = Map.of(
            SUMMARY, Set.of("by"),
            OUTCOMES, Set.of("indicator", "by", "unit"),
            SURVIVAL, Set.of("endpoint", "by"),
            FUNNEL, Set.of("indicator"),
            COMPLETENESS, Set.of(),
            MY_CENTRE, Set.of());

    /** Filter parameter → the form field whose enum it takes (named after it); centre_id and years are checked by format. */
    static final Map<String, FieldRef> ENUM_FILTERS = QueryRestriction.ENUM_FILTERS;

    /**
     * A checked request: {@code filters} holds the filter parameters as given (before query
     * restriction), {@code freeze} the freeze name or null, and the report's own parameters.
     */
    public record Query(String report, Map<String, String> filters, String freeze, List<String> by, String indicator,
            String unit, String endpoint) {

        /** The single `by` of outcomes or survival, or null. */
        public String singleBy() {
            return by.isEmpty() ? null : by.get(0);
        }
    }

    private ReportParameters() {
    }

    /** Checks a report's query parameters; {@code params} maps each name to every value given. */
    public static Query parse(String report, Map<String, List<String>> params) {
        Set<String> own = OWN.get(report);
        Set<String> allowed = new TreeSet<>(QueryRestriction.FILTERS);
        allowed.addAll(own);
        allowed.add("freeze");
        if (MY_CENTRE.equals(report)) {
            allowed.remove("centre_id"); // the caller's own centre, always
        }
        List<ProblemError> errors = new ArrayList<>();
        Map<String, String> single = new LinkedHashMap<>();
        for (String name : new TreeSet<>(params.keySet())) {
            List<String> values = params.get(name);
            if (!allowed.contains(name)) {
                errors.add(new ProblemError("/" + name, "unknown-field", report + " takes only " + allowed));
            } else if (values.size() != 1) {
                errors.add(new ProblemError("/" + name, "type", name + " may be given at most once"));
            } else {
                single.put(name, values.get(0));
            }
        }
        Map<String, String> filters = checkFilters(single, "/", errors);
        String freeze = single.get("freeze");
        if (freeze != null && !FREEZE_NAME.matcher(freeze).matches()) {
            errors.add(new ProblemError("/freeze", "format", "a freeze name: letters, digits, '.', '_' or '-', at most 64"));
        }
        List<String> by = by(report, single.get("by"), errors);
        String indicator = null;
        if (own.contains("indicator")) {
            indicator = single.get("indicator");
            Set<String> indicators = new TreeSet<>(Reports.INDICATORS);
            if (OUTCOMES.equals(report)) {
                indicators.add(ALPPS);
            }
            if (indicator == null) {
                errors.add(new ProblemError("/indicator", "required", "indicator is one of " + indicators));
            } else if (!indicators.contains(indicator)) {
                errors.add(new ProblemError("/indicator", "enum", "indicator is one of " + indicators));
            }
        }
        String unit = single.getOrDefault("unit", "case");
        if (!UNITS.contains(unit)) {
            errors.add(new ProblemError("/unit", "enum", "unit is one of " + new TreeSet<>(UNITS)));
        }
        String endpoint = single.getOrDefault("endpoint", "os");
        if (!ENDPOINTS.contains(endpoint)) {
            errors.add(new ProblemError("/endpoint", "enum", "endpoint is one of " + new TreeSet<>(ENDPOINTS)));
        }
        if (ALPPS.equals(indicator) && (single.containsKey("by") || single.containsKey("unit"))) {
            errors.add(new ProblemError(single.containsKey("by") ? "/by" : "/unit", "alpps-panel",
                    "the ALPPS panel takes neither by nor unit"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Query(report, filters, freeze, by, indicator, unit, endpoint);
    }

    /**
     * The filter values among {@code given} (other names are ignored), each checked against the form's
     * enums, the centre id format or the year range; a violation is added to {@code errors} with the
     * pointer {@code prefix + name}. Exports check their {@code filters} object with this too.
     */
    public static Map<String, String> checkFilters(Map<String, String> given, String prefix, List<ProblemError> errors) {
        CaseReportForm form = CaseReportForm.current();
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : QueryRestriction.FILTERS.stream().sorted().toList()) {
            String v = given.get(name);
            if (v == null) {
                continue;
            }
            FieldRef where = ENUM_FILTERS.get(name);
            if (where != null) {
                List<String> values = where.in(form).orElseThrow().values();
                if (!values.contains(v)) {
                    errors.add(new ProblemError(prefix + name, "enum", name + " must be one of " + values));
                    continue;
                }
            } else if (name.equals("centre_id")) {
                if (!CENTRE_ID.matcher(v).matches()) {
                    errors.add(new ProblemError(prefix + "centre_id", "format", "a centre id: letters, digits, '_' or '-', at most 32"));
                    continue;
                }
            } else if (year(prefix + name, name, v, errors) == null) {
                continue;
            }
            filters.put(name, v);
        }
        if (filters.containsKey("index_year_from") && filters.containsKey("index_year_to")
                && Integer.parseInt(filters.get("index_year_from")) > Integer.parseInt(filters.get("index_year_to"))) {
            errors.add(new ProblemError(prefix + "index_year_to", "range", "index_year_to must not be before index_year_from"));
        }
        return filters;
    }

    private static List<String> by(String report, String raw, List<ProblemError> errors) {
        if (SUMMARY.equals(report)) {
            if (raw == null) {
                return DEFAULT_SUMMARY_BY;
            }
            List<String> dims = Arrays.asList(raw.split(",", -1));
            Set<String> distinct = new LinkedHashSet<>(dims);
            if (dims.size() > MAX_SUMMARY_BY || distinct.size() != dims.size()) {
                errors.add(new ProblemError("/by", "range", "by is one to " + MAX_SUMMARY_BY + " distinct dimensions"));
            } else if (!Dimensions.SUMMARY_BY.containsAll(dims)) {
                errors.add(new ProblemError("/by", "enum", "by dimensions are " + new TreeSet<>(Dimensions.SUMMARY_BY)));
            }
            return List.copyOf(dims);
        }
        if (raw == null) {
            return List.of();
        }
        if (!Dimensions.BY.contains(raw)) {
            errors.add(new ProblemError("/by", "enum", "by is one of " + new TreeSet<>(Dimensions.BY)));
        }
        return List.of(raw);
    }

    private static Integer year(String pointer, String name, String v, List<ProblemError> errors) {
        int y;
        try {
            y = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            errors.add(new ProblemError(pointer, "type", name + " is a year (a whole number)"));
            return null;
        }
        if (y < MIN_YEAR || y > MAX_YEAR) {
            errors.add(new ProblemError(pointer, "range", name + " is between " + MIN_YEAR + " and " + MAX_YEAR));
            return null;
        }
        return y;
    }

    /** The filters (after query restriction) as the repository takes them. */
    public static AnalyticRepository.Filter filter(Map<String, String> f) {
        return new AnalyticRepository.Filter(f.get(FormCodes.PROCEDURE_TYPE.code()), f.get(FormCodes.WHO_GRADE.code()),
                f.get(FormCodes.DISTRIBUTION_TYPE.code()), f.get(FormCodes.PRIMARY_SITE.code()), f.get(QueryRestriction.CENTRE_ID),
                f.get(FormCodes.CONSENT_SCOPE.code()), integer(f.get("index_year_from")),
                integer(f.get("index_year_to")));
    }

    private static Integer integer(String s) {
        return s == null ? null : Integer.valueOf(s.trim());
    }
}
