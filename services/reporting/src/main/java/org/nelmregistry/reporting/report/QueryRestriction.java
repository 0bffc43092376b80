package org.nelmregistry.reporting.report;

import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.reporting.form.FieldRef;
import org.nelmregistry.reporting.form.FormCodes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Query restriction for protected viewers (ARCHITECTURE.md, "Disclosure control"): year filters snap outwards to
 * the fixed 5-year periods, and at most two filters besides `by`. A year range (index_year_from and/or
 * index_year_to) counts as one filter; `freeze` selects the data, it is not a filter.
 */
public final class QueryRestriction {

    public static final String CENTRE_ID = "centre_id";

    /** The filters that take a value of a form field's enum, each named after its field. */
    public static final Map<String, FieldRef> ENUM_FILTERS = Stream.of(FormCodes.PROCEDURE_TYPE, FormCodes.WHO_GRADE,
            FormCodes.DISTRIBUTION_TYPE, FormCodes.PRIMARY_SITE, FormCodes.CONSENT_SCOPE)
            .collect(Collectors.toUnmodifiableMap(FieldRef::code, f -> f));

    /** Query parameters that filter the cases: the enum filters, the centre and the index year range. */
    public static final Set<String> FILTERS = Stream.concat(ENUM_FILTERS.keySet().stream(),
            Stream.of(CENTRE_ID, "index_year_from", "index_year_to")).collect(Collectors.toUnmodifiableSet());

    public static final int MAX_FILTERS = 2;

    public static final String RULE = "query-restriction";

    private QueryRestriction() {
    }

    /**
     * Protected viewers: year filters snap to fixed 5-year periods (1985–1989, …), at most two filters besides `by`
     * (else a ProblemException 400 naming the rule). Unprotected viewers get the filters unchanged. Keys that are
     * not filters (e.g. freeze, by) pass through untouched.
     */
    public static Map<String, String> apply(Map<String, String> filters, Viewer v) {
        Map<String, String> out = new LinkedHashMap<>(filters);
        if (!v.protectedView()) {
            return out;
        }
        int n = countFilters(out);
        if (n > MAX_FILTERS) {
            throw new ProblemException(new Problem("https://nelm-registry.org/problems/query-restriction",
                    "Query restricted", 400,
                    "protected reports take at most " + MAX_FILTERS + " filters besides by (a year range counts as one)",
                    List.of(new ProblemError("", RULE, "at most " + MAX_FILTERS
                            + " of procedure_type, who_grade, distribution_type, primary_site, centre_id, consent_scope,"
                            + " index year range")), new LinkedHashMap<>()));
        }
        snap(out, "index_year_from", true);
        snap(out, "index_year_to", false);
        return out;
    }

    /** Number of filters in the sense of the restriction (the year range counts once). */
    public static int countFilters(Map<String, String> filters) {
        int n = 0;
        boolean year = false;
        for (String k : filters.keySet()) {
            if (k.equals("index_year_from") || k.equals("index_year_to")) {
                year = true;
            } else if (FILTERS.contains(k)) {
                n++;
            }
        }
        return n + (year ? 1 : 0);
    }

    private static void snap(Map<String, String> m, String key, boolean from) {
        String raw = m.get(key);
        if (raw == null) {
            return;
        }
        int y;
        try {
            y = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("/" + key, "type", key + " must be a whole year");
        }
        int start = Dimensions.periodStart(y);
        m.put(key, Integer.toString(from ? start : start + 4));
    }
}
