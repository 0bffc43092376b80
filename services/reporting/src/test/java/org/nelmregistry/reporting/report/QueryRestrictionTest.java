package org.nelmregistry.reporting.report;

import org.junit.jupiter.api.Test;
import org.nelmregistry.common.rest.ProblemException;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueryRestrictionTest {

    @Test
    void protectedYearFiltersSnapOutwardsToFiveYearPeriods() {
        Map<String, String> f = QueryRestriction.apply(Map.of("who_grade", "G1", "index_year_from", "2012",
                "index_year_to", "2016"), Viewer.STEERING);
        assertEquals("2010", f.get("index_year_from"));
        assertEquals("2019", f.get("index_year_to"));
        assertEquals("G1", f.get("who_grade"));
    }

    @Test
    void protectedViewersGetAtMostTwoFiltersBesidesBy() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("who_grade", "G1");
        f.put("centre_id", "C1");
        f.put("primary_site", "pancreas");
        f.put("by", "sex");
        ProblemException e = assertThrows(ProblemException.class, () -> QueryRestriction.apply(f, Viewer.centreLead("C9")));
        assertEquals(400, e.problem().status());
        assertEquals(QueryRestriction.RULE, e.problem().errors().get(0).rule());
    }

    @Test
    void unprotectedViewersAreNotRestricted() {
        Map<String, String> f = Map.of("who_grade", "G1", "centre_id", "C1", "primary_site", "pancreas",
                "index_year_from", "2012");
        assertEquals(f, QueryRestriction.apply(f, Viewer.EXACT));
    }

    @Test
    void dimensionsBandAgesAndPeriods() {
        assertEquals("40-49", Dimensions.ageBand(47));
        assertEquals("90-99", Dimensions.ageBand(90));
        assertEquals("2015-2019", Dimensions.period(2017));
        assertEquals("1985-1989", Dimensions.period(1985));
        assertEquals("1980-1984", Dimensions.period(1984));
    }
}
