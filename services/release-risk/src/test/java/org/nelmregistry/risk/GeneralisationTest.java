package org.nelmregistry.risk;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GeneralisationTest {

    @Test
    void eachLevelWidensAgeAndYearAlongTheFixedHierarchy() {
        Set<String> rare = Set.of("appendix");
        assertEquals(List.of("67", "2017", "appendix"), values(new Generalisation(0, rare)));
        assertEquals(List.of("65-69", "2017", "other"), values(new Generalisation(1, rare)));
        assertEquals(List.of("60-69", "2015-2019", "other"), values(new Generalisation(2, rare)));
        assertEquals(List.of("60-79", "2010-2019", "other"), values(new Generalisation(3, rare)));
        assertEquals("pancreas", new Generalisation(3, rare).primarySite("pancreas"));
        assertNull(new Generalisation(2, rare).age(null));
        assertEquals("90-94", new Generalisation(1, rare).age(90), "the top-coded age falls in the band above 89");
    }

    @Test
    void levelZeroNamesTheQuasiIdentifiersAsReleasedAndOutOfRangeIsRefused() {
        assertEquals(List.of("age_at_index", "sex", "country", "index_year", "primary_site", "centre_id"),
                new Generalisation(0, Set.of("x")).quasiIdentifiers());
        assertEquals(List.of("age_band_10", "sex", "country", "index_period_5", "primary_site", "centre_id"),
                new Generalisation(2, Set.of()).quasiIdentifiers());
        assertEquals(Set.of(), new Generalisation(0, Set.of("appendix")).rareSites());
        assertThrows(IllegalArgumentException.class, () -> new Generalisation(4, Set.of()));
    }

    @Test
    void classSizesGiveTheSameReportAsTheRecords() {
        ReleaseRisk.Report fromRecords = ReleaseRisk.assess(ReleaseRiskTest.example(),
                List.of(QuasiIdentifier.AGE_BAND_10, QuasiIdentifier.SEX, QuasiIdentifier.COUNTRY), 3);
        ReleaseRisk.Report fromClasses = ReleaseRisk.ofClasses(List.of("age_band_10", "sex", "country"), List.of(4, 3, 2, 1), 3);
        assertEquals(fromRecords, fromClasses);
    }

    private static List<String> values(Generalisation g) {
        return List.of(g.age(67), g.indexYear(2017), g.primarySite("appendix"));
    }
}
