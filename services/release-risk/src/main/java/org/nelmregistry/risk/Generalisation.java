package org.nelmregistry.risk;

import java.util.List;
import java.util.Set;

/**
 * The registry's fixed generalisation hierarchy for a release that must reach k-anonymity, one level
 * at a time: level 0 releases age, index year and primary site as they are; level 1 puts age in
 * 5-year bands and primary sites with fewer than k records into {@code other}; level 2 uses 10-year
 * age bands and 5-year index periods; level 3 20-year age bands and 10-year periods. Sex, country
 * and centre are never generalised: records still in classes below k are suppressed instead.
 */
public record Generalisation(int level, Set<String> rareSites) {

    public static final int TOP = 3;
    public static final String OTHER_SITE = "other";
    private static final int[] AGE_WIDTH = {1, 5, 10, 20};
    private static final int[] YEAR_WIDTH = {1, 1, 5, 10};

    public Generalisation {
        if (level < 0 || level > TOP) {
            throw new IllegalArgumentException("level is 0.." + TOP);
        }
        rareSites = level == 0 ? Set.of() : Set.copyOf(rareSites);
    }

    /** Whether this level changes age, index year or primary site at all. */
    public boolean generalises() {
        return level > 0;
    }

    /** The released age: whole years at level 0, else a band such as {@code 60-64}; null stays null. */
    public String age(Integer age) {
        return bandOf(age, AGE_WIDTH[level]);
    }

    /** The released index year: the year, or a period such as {@code 2015-2019}. */
    public String indexYear(Integer year) {
        return bandOf(year, YEAR_WIDTH[level]);
    }

    /** The released primary site: {@code other} for a site rarer than k from level 1. */
    public String primarySite(String site) {
        return site != null && rareSites.contains(site) ? OTHER_SITE : site;
    }

    /** What the levels above 0 did, in words, for the codebook. */
    public List<String> description() {
        if (level == 0) {
            return List.of();
        }
        return List.of("age_at_index in " + AGE_WIDTH[level] + "-year bands",
                YEAR_WIDTH[level] == 1 ? "index_year as is" : "index_year in " + YEAR_WIDTH[level] + "-year periods",
                "primary_site with fewer than k records as 'other': " + rareSites.stream().sorted().toList());
    }

    /** The quasi-identifiers as released at this level (the names the risk report lists). */
    public List<String> quasiIdentifiers() {
        return List.of(level == 0 ? "age_at_index" : "age_band_" + AGE_WIDTH[level], "sex", "country",
                YEAR_WIDTH[level] == 1 ? "index_year" : "index_period_" + YEAR_WIDTH[level], "primary_site", "centre_id");
    }

    private static String bandOf(Integer v, int width) {
        if (v == null) {
            return null;
        }
        if (width == 1) {
            return v.toString();
        }
        int low = Math.floorDiv(v, width) * width;
        return low + "-" + (low + width - 1);
    }
}
