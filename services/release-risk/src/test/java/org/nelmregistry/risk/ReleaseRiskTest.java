package org.nelmregistry.risk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checked against a small example computed by hand. */
class ReleaseRiskTest {

    static Map<String, Object> r(int age, String sex, String country, int year) {
        return Map.of("age_at_index", age, "sex", sex, "country", country, "index_year", year, "primary_site", "pancreas",
                "centre_id", "C001");
    }

    /*
     * Ten records; quasi-identifiers age band 10, sex, country:
     *   60-69/female/DE : ages 61, 63, 65, 68        -> class of 4
     *   60-69/male/DE   : ages 60, 69, 62            -> class of 3
     *   50-59/female/NL : ages 55, 51                -> class of 2
     *   70-79/male/FR   : age 77                     -> class of 1
     * classes 4; sizes {1:1, 2:1, 3:1, 4:1}; smallest k 1; with k = 3 the records below are
     * 2 + 1 = 3 -> share 0.3; max prosecutor risk 1/1 = 1; average 4 classes / 10 records = 0.4.
     * With 5-year bands 60-69/female/DE splits into 60-64 (61, 63) and 65-69 (65, 68),
     * 60-69/male/DE into 60-64 (60, 62) and 65-69 (69), 50-59/female/NL into 55-59 (55) and
     * 50-54 (51), and 75-79/male/FR stays (77): 7 classes, sizes {1:4, 2:3}, average 7/10.
     */
    static List<Map<String, Object>> example() {
        List<Map<String, Object>> l = new ArrayList<>();
        for (int a : new int[] {61, 63, 65, 68}) {
            l.add(r(a, "female", "DE", 2021));
        }
        for (int a : new int[] {60, 69, 62}) {
            l.add(r(a, "male", "DE", 2022));
        }
        l.add(r(55, "female", "NL", 2023));
        l.add(r(51, "female", "NL", 2019));
        l.add(r(77, "male", "FR", 2024));
        return l;
    }

    @Test
    void tenYearBandsSexCountry() {
        ReleaseRisk.Report rep = ReleaseRisk.assess(example(),
                List.of(QuasiIdentifier.AGE_BAND_10, QuasiIdentifier.SEX, QuasiIdentifier.COUNTRY), 3);
        assertEquals(10, rep.records());
        assertEquals(4, rep.classes());
        assertEquals(Map.of(1, 1, 2, 1, 3, 1, 4, 1), rep.classSizes());
        assertEquals(1, rep.smallestK());
        assertEquals(3, rep.recordsBelowK());
        assertEquals(0.3, rep.shareBelowK(), 1e-12);
        assertEquals(1.0, rep.maxProsecutorRisk(), 1e-12);
        assertEquals(0.4, rep.averageProsecutorRisk(), 1e-12);
    }

    @Test
    void fiveYearBandsSplitClasses() {
        ReleaseRisk.Report rep = ReleaseRisk.assess(example(),
                List.of(QuasiIdentifier.AGE_BAND_5, QuasiIdentifier.SEX, QuasiIdentifier.COUNTRY), ReleaseRisk.DEFAULT_K);
        assertEquals(7, rep.classes());
        assertEquals(Map.of(1, 4, 2, 3), rep.classSizes());
        assertEquals(1, rep.smallestK());
        assertEquals(10, rep.recordsBelowK(), "every class is below 5");
        assertEquals(1.0, rep.shareBelowK(), 1e-12);
        assertEquals(0.7, rep.averageProsecutorRisk(), 1e-12);
    }

    @Test
    void coarseGeneralisationReachesK() {
        // centre and 5-year period only: C001 / 2020-2024 holds 9 records, C001 / 2015-2019 one (2019)
        ReleaseRisk.Report rep = ReleaseRisk.assess(example(), List.of(QuasiIdentifier.CENTRE, QuasiIdentifier.INDEX_PERIOD_5), 5);
        assertEquals(Map.of(1, 1, 9, 1), rep.classSizes());
        assertEquals(1, rep.recordsBelowK());
        assertEquals(0.1, rep.shareBelowK(), 1e-12);
        assertEquals(0.2, rep.averageProsecutorRisk(), 1e-12);
    }

    @Test
    void bands() {
        assertEquals("60-64", QuasiIdentifier.band(64, 5));
        assertEquals("90-99", QuasiIdentifier.band(90, 10));
        assertEquals("*", QuasiIdentifier.band(null, 5));
    }

    @Test
    void noRecords() {
        ReleaseRisk.Report rep = ReleaseRisk.assess(List.of(), List.of(QuasiIdentifier.SEX), 5);
        assertEquals(0, rep.records());
        assertEquals(0, rep.smallestK());
        assertEquals(0.0, rep.maxProsecutorRisk());
    }
}
