package org.nelmregistry.reporting.report;

import java.util.LinkedHashSet;
import java.util.Set;

/** The `by` dimensions of the reports and the value a case takes in each. */
public final class Dimensions {

    /** Dimensions every report accepts as `by`. */
    public static final Set<String> BY = Set.of("procedure_type", "who_grade", "distribution_type", "primary_site",
            "centre_id", "sex", "age_band", "index_period");

    /** The summary also accepts index_year. */
    public static final Set<String> SUMMARY_BY;

    static {
        Set<String> s = new LinkedHashSet<>(BY);
        s.add("index_year");
        SUMMARY_BY = Set.copyOf(s);
    }

    /** First year of the fixed 5-year periods (1985–1989, 1990–1994, …). */
    public static final int PERIOD_ORIGIN = 1985;

    /** Value for a case whose attribute is missing (e.g. no age at index). */
    public static final String UNKNOWN = "unknown";

    private Dimensions() {
    }

    /**
     * The value of a `by` dimension for a case: procedure_type (index), who_grade, distribution_type, primary_site,
     * centre_id, sex, age_band ("40-49"), index_period ("2015-2019"), index_year (summary only).
     */
    public static String value(AnalyticCase c, String dim) {
        String v = switch (dim) {
            case "procedure_type" -> c.indexProcedureType();
            case "who_grade" -> c.whoGrade();
            case "distribution_type" -> c.distributionType();
            case "primary_site" -> c.primarySite();
            case "centre_id" -> c.centreId();
            case "sex" -> c.sex();
            case "age_band" -> ageBand(c.ageAtIndex());
            case "index_period" -> period(c.indexYear());
            case "index_year" -> Integer.toString(c.indexYear());
            default -> throw new IllegalArgumentException("unknown dimension " + dim);
        };
        return v == null ? UNKNOWN : v;
    }

    /** 10-year band: 40 → "40-49"; age 90 means 90 or older, so it stays "90-99". */
    public static String ageBand(Integer age) {
        if (age == null) {
            return null;
        }
        int lo = (age / 10) * 10;
        return lo + "-" + (lo + 9);
    }

    /** First year of the 5-year period containing {@code year}. */
    public static int periodStart(int year) {
        return PERIOD_ORIGIN + Math.floorDiv(year - PERIOD_ORIGIN, 5) * 5;
    }

    public static String period(int year) {
        int s = periodStart(year);
        return s + "-" + (s + 4);
    }
}
