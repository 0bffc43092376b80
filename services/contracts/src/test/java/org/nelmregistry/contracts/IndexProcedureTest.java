package org.nelmregistry.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexProcedureTest {

    static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.replace('\'', '"'));
    }

    @Test
    void earliestCurativeOrCytoreductiveWinsOverEarlierStaging() throws Exception {
        JsonNode p = json("[{'procedure_date':'2024-01-10','intent':'staging_or_bridging'},"
                + "{'procedure_date':'2024-03-01','intent':'curative'},"
                + "{'procedure_date':'2024-02-01','intent':'cytoreductive'}]");
        assertEquals(2, IndexProcedure.of(p).getAsInt());
    }

    @Test
    void withoutCurativeIntentTheEarliestProcedure() throws Exception {
        JsonNode p = json("[{'procedure_date':'2024-05-10','intent':'staging_or_bridging'},"
                + "{'procedure_date':'2024-01-01','intent':'staging_or_bridging'}]");
        assertEquals(1, IndexProcedure.of(p).getAsInt());
    }

    @Test
    void sameDateTheOneListedFirst() throws Exception {
        JsonNode p = json("[{'procedure_date':'2024-05-10','intent':'curative'},"
                + "{'procedure_date':'2024-05-10','intent':'curative'}]");
        assertEquals(0, IndexProcedure.of(p).getAsInt());
    }

    @Test
    void relativeDaysWorkToo() throws Exception {
        JsonNode p = json("[{'procedure_date':30,'intent':'curative'},{'procedure_date':0,'intent':'curative'}]");
        assertEquals(1, IndexProcedure.of(p).getAsInt());
        assertTrue(IndexProcedure.of(json("[]")).isEmpty());
    }

    @Test
    void ageInWholeYearsTopCodedAtNinety() {
        assertEquals(59, IndexProcedure.ageAtIndex(LocalDate.of(1965, 6, 2), LocalDate.of(2025, 6, 1)));
        assertEquals(60, IndexProcedure.ageAtIndex(LocalDate.of(1965, 6, 2), LocalDate.of(2025, 6, 2)));
        assertEquals(90, IndexProcedure.ageAtIndex(LocalDate.of(1920, 1, 1), LocalDate.of(2025, 1, 1)));
    }
}
