package org.nelmregistry.reporting;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.nelmregistry.reporting.report.AnalyticCase;
import org.nelmregistry.reporting.repository.AnalyticRepository;
import org.nelmregistry.reporting.service.AnalyticBackfill;
import org.nelmregistry.testsupport.Poll;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analytic store and the reports over it: ingest derives and stores the outcomes; every report's
 * shape; filters in SQL; parameter checking (400 problems naming the parameter); roles; the report audit.
 * In-memory de-identified channel, real PostgreSQL, @TestSecurity identities; each test its own centre.
 */
@QuarkusTest
class AnalyticsTest {

    static final String LEAD_CENTRE = "LEADC1";

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    AnalyticRepository analytic;
    @Inject
    AnalyticBackfill backfill;
    @Inject
    EntityManager em;

    void send(String key, String value) {
        connector.source("deidentified").send(TestRecords.batch(key, value));
    }

    List<AnalyticCase> stored(String centre) {
        return QuarkusTransaction.requiringNew().call(() -> analytic.find(null, AnalyticRepository.Filter.NONE.withCentre(centre), true));
    }

    void awaitCases(String centre, int n) {
        Poll.until(n + " analytic cases of " + centre, () -> stored(centre).size(), s -> s == n);
    }

    /**
     * Six cases: a died on day 60; b alive at 100; c recurred on 200, alive at 400; d followed only to day 30
     * (death_90d not evaluable); e G3, alive at 1000; f a curative ablation with Clavien IIIa, no asa_class.
     */
    void sixCases(String centre) {
        send(centre + "-a", new TestRecords().resection().dead(60).json(centre + "-a", centre, 1, 2021));
        send(centre + "-b", new TestRecords().resection().alive(100).json(centre + "-b", centre, 1, 2021));
        send(centre + "-c", new TestRecords().resection().recurrence(200).alive(400).json(centre + "-c", centre, 1, 2022));
        send(centre + "-d", new TestRecords().resection().alive(30).json(centre + "-d", centre, 1, 2022));
        send(centre + "-e", new TestRecords().grade("G3").consent("registry_and_research").resection().alive(1000)
                .json(centre + "-e", centre, 1, 2023));
        TestRecords f = new TestRecords().proc(0, "ablation", "curative", "not_applicable", "IIIa", null).alive(500);
        f.patient.remove("asa_class");
        send(centre + "-f", f.json(centre + "-f", centre, 1, 2023));
        awaitCases(centre, 6);
    }

    @Test
    void ingestStoresTheDerivedOutcomes() {
        String centre = TestRecords.centre("I");
        send(centre + "-1", new TestRecords().proc(-30, "portal_vein_embolisation", "staging_or_bridging", "not_applicable", "I", null)
                .proc(0, "major_hepatectomy", "curative", "R1", "IIIb", "C").recurrence(250).dead(700)
                .json(centre + "-1", centre, 1, 2020));
        awaitCases(centre, 1);
        AnalyticCase c = stored(centre).get(0);
        assertEquals("major_hepatectomy", c.indexProcedureType());
        assertEquals(0, c.death90d());
        assertEquals(1, c.majorMorbidity());
        assertEquals(1, c.phlfBc());
        assertEquals(0, c.r0Resection());
        assertEquals(700, c.osDays());
        assertEquals(1, c.osEvent());
        assertEquals(250, c.rfsDays());
        assertEquals(1, c.rfsEvent());
        assertEquals(2, c.procedures().size());
        assertEquals(-30, c.procedures().get(0).day());
        assertNull(c.procedures().get(0).phlfBc());
        assertEquals(2020, c.indexYear());
        // a newer revision replaces the derived rows; a tombstone removes them
        send(centre + "-1", new TestRecords().resection().alive(40).json(centre + "-1", centre, 2, 2020));
        Poll.until("revision 2 derived", () -> stored(centre).get(0).osDays(), d -> d == 40);
        assertNull(stored(centre).get(0).death90d());
        assertEquals(1, stored(centre).get(0).procedures().size());
        send(centre + "-1", null);
        awaitCases(centre, 0);
    }

    @Test
    void storedRecordsWithoutCurrentAnalyticRowsAreDerivedAgain() {
        String centre = TestRecords.centre("B");
        send(centre + "-1", new TestRecords().resection().dead(60).json(centre + "-1", centre, 1, 2020));
        send(centre + "-2", new TestRecords().resection().alive(400).json(centre + "-2", centre, 1, 2020));
        awaitCases(centre, 2);
        // one row from an older derivation, one record stored before the analytic store existed
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE analytic_cases SET derivation_version = 'old', death_90d = NULL WHERE case_pseudonym = :cp")
                    .setParameter("cp", centre + "-1").executeUpdate();
            em.createNativeQuery("DELETE FROM analytic_cases WHERE case_pseudonym = :cp").setParameter("cp", centre + "-2")
                    .executeUpdate();
        });
        assertEquals(1, stored(centre).size());
        assertTrue(backfill.run() >= 2);
        List<AnalyticCase> rows = stored(centre);
        assertEquals(2, rows.size());
        assertEquals(1, rows.get(0).death90d());
        assertEquals(400, rows.get(1).osDays());
        assertEquals(0, backfill.run(), "nothing left to derive");
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void summaryHasCellsMarginsAndTotal() {
        String centre = TestRecords.centre("S");
        sixCases(centre);
        given().queryParam("centre_id", centre).get("/api/v1/reports/summary").then().statusCode(200)
                .body("by", contains("centre_id", "index_year", "procedure_type"))
                .body("cells.find { it.index_year == 2021 && it.procedure_type == 'major_hepatectomy' }.count", equalTo(2))
                .body("cells.find { it.index_year == 2023 && it.procedure_type == 'ablation' }.suppressed", equalTo(false))
                .body("cells[0].centre_id", equalTo(centre))
                .body("cells.find { it.index_year == 2023 && it.procedure_type == 'ablation' }.index_procedure_type", equalTo("ablation"))
                .body("margins.size()", greaterThanOrEqualTo(1))
                .body("total.count", equalTo(6)).body("total.suppressed", equalTo(false));
        given().queryParam("centre_id", centre).queryParam("by", "who_grade,sex").get("/api/v1/reports/summary").then()
                .statusCode(200).body("by", contains("who_grade", "sex"))
                .body("cells.find { it.who_grade == 'G3' }.count", equalTo(1))
                .body("cells.find { it.who_grade == 'G2' }.count", equalTo(5));
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void outcomesCountNumeratorDenominatorAndNotEvaluable() {
        String centre = TestRecords.centre("O");
        sixCases(centre);
        given().queryParam("centre_id", centre).queryParam("indicator", "death_90d").get("/api/v1/reports/outcomes").then()
                .statusCode(200).body("indicator", equalTo("death_90d")).body("unit", equalTo("case"))
                .body("total.numerator", equalTo(1)).body("total.denominator", equalTo(5))
                .body("total.not_evaluable", equalTo(1)).body("total.rate", equalTo(0.2f))
                .body("total.ci_lower", notNullValue()).body("total.ci_upper", notNullValue());
        given().queryParam("centre_id", centre).queryParam("indicator", "major_morbidity").queryParam("by", "procedure_type")
                .get("/api/v1/reports/outcomes").then().statusCode(200).body("by", equalTo("procedure_type"))
                .body("groups.find { it.group == 'ablation' }.numerator", equalTo(1))
                .body("groups.find { it.group == 'major_hepatectomy' }.denominator", equalTo(5));
        given().queryParam("centre_id", centre).queryParam("indicator", "phlf_bc").get("/api/v1/reports/outcomes").then()
                .statusCode(200).body("total.numerator", equalTo(0)).body("total.denominator", equalTo(5));
        given().queryParam("centre_id", centre).queryParam("indicator", "r0_resection").queryParam("unit", "procedure")
                .get("/api/v1/reports/outcomes").then().statusCode(200).body("unit", equalTo("procedure"))
                .body("total.numerator", equalTo(5)).body("total.denominator", equalTo(5));
        given().queryParam("centre_id", centre).queryParam("indicator", "alpps_benchmarks").get("/api/v1/reports/outcomes").then()
                .statusCode(200).body("indicator", equalTo("alpps_benchmarks")).body("measures", notNullValue());
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void survivalAndFunnelShapes() {
        String centre = TestRecords.centre("K");
        sixCases(centre);
        given().queryParam("centre_id", centre).get("/api/v1/reports/survival").then().statusCode(200)
                .body("endpoint", equalTo("os")).body("conf_type", equalTo("log-log"))
                .body("strata[0].n", equalTo(6)).body("strata[0].events", equalTo(1))
                .body("strata[0].steps[0].time_days", notNullValue()).body("logrank", nullValue());
        given().queryParam("centre_id", centre).queryParam("endpoint", "rfs").queryParam("by", "who_grade")
                .get("/api/v1/reports/survival").then().statusCode(200).body("endpoint", equalTo("rfs"))
                .body("by", equalTo("who_grade")).body("logrank.df", equalTo(1));
        given().queryParam("centre_id", centre).queryParam("indicator", "death_90d").get("/api/v1/reports/funnel").then()
                .statusCode(200).body("indicator", equalTo("death_90d"))
                .body("total_numerator", equalTo(1)).body("total_denominator", equalTo(5))
                .body("centres[0].centre_id", equalTo(centre)).body("curve", notNullValue());
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void completenessIsTheShareOfCasesWithEachReleasedField() {
        String centre = TestRecords.centre("P");
        sixCases(centre);
        given().queryParam("centre_id", centre).get("/api/v1/reports/completeness").then().statusCode(200)
                .body("fields", hasItems("patient.sex", "patient.asa_class", "procedures.margin", "follow_up.death_date"))
                .body("fields", org.hamcrest.Matchers.not(hasItem("patient.family_name")))
                .body("centres.size()", equalTo(1)).body("centres[0].centre_id", equalTo(centre))
                .body("centres[0].cases", equalTo(6))
                .body("centres[0].fields.find { it.field == 'patient.sex' }.share", equalTo(1.0f))
                .body("centres[0].fields.find { it.field == 'patient.asa_class' }.present", equalTo(5))
                .body("centres[0].fields.find { it.field == 'follow_up.death_date' }.present", equalTo(1))
                .body("centres[0].fields.find { it.field == 'liver_disease.extrahepatic_sites' }.present", equalTo(0))
                .body("total.cases", equalTo(6));
    }

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void protectedViewersGetSmallCentresWithheld() {
        String centre = TestRecords.centre("W");
        send(centre + "-1", new TestRecords().resection().alive(100).json(centre + "-1", centre, 1, 2021));
        send(centre + "-2", new TestRecords().resection().alive(100).json(centre + "-2", centre, 1, 2021));
        awaitCases(centre, 2);
        given().queryParam("centre_id", centre).get("/api/v1/reports/completeness").then().statusCode(200)
                .body("centres[0].suppressed", equalTo(true)).body("centres[0].cases", nullValue())
                .body("centres[0].fields[0].share", nullValue());
        given().queryParam("centre_id", centre).get("/api/v1/reports/summary").then().statusCode(200)
                .body("total.count", nullValue()).body("total.suppressed", equalTo(true));
    }

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void protectedViewersGetNoSmallFieldCountOfAShownCentre() {
        String centre = TestRecords.centre("Q");
        sixCases(centre);
        // the centre's 6 cases are shown, but 1 death date (present 1) and 5 of 6 ASA classes
        // (missing 1) would single out patients: withheld; 6 of 6 and 0 of 6 stay shown
        given().queryParam("centre_id", centre).get("/api/v1/reports/completeness").then().statusCode(200)
                .body("centres[0].cases", equalTo(6))
                .body("centres[0].fields.find { it.field == 'follow_up.death_date' }.present", nullValue())
                .body("centres[0].fields.find { it.field == 'patient.asa_class' }.present", nullValue())
                .body("centres[0].fields.find { it.field == 'patient.sex' }.present", equalTo(6))
                .body("centres[0].fields.find { it.field == 'liver_disease.extrahepatic_sites' }.present", equalTo(0))
                // a lone hidden centre cell: its column's total is hidden too
                .body("total.fields.find { it.field == 'follow_up.death_date' }.present", nullValue());
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void filtersNarrowTheCases() {
        String centre = TestRecords.centre("F");
        sixCases(centre);
        given().queryParam("centre_id", centre).queryParam("who_grade", "G3").get("/api/v1/reports/summary").then()
                .statusCode(200).body("total.count", equalTo(1));
        given().queryParam("centre_id", centre).queryParam("index_year_from", "2022").queryParam("index_year_to", "2022")
                .get("/api/v1/reports/summary").then().statusCode(200).body("total.count", equalTo(2));
        given().queryParam("centre_id", centre).queryParam("procedure_type", "ablation").get("/api/v1/reports/summary").then()
                .statusCode(200).body("total.count", equalTo(1));
        given().queryParam("centre_id", centre).queryParam("consent_scope", "registry_and_research")
                .get("/api/v1/reports/summary").then().statusCode(200).body("total.count", equalTo(1));
        given().queryParam("centre_id", centre).queryParam("primary_site", "pancreas").queryParam("distribution_type", "type_II_complex")
                .get("/api/v1/reports/summary").then().statusCode(200).body("total.count", equalTo(0));
    }

    void problem(String path, String pointer, String rule, Object... params) {
        var req = given();
        for (int i = 0; i < params.length; i += 2) {
            req = req.queryParam((String) params[i], params[i + 1]);
        }
        req.get(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors.find { it.pointer == '" + pointer + "' }.rule", equalTo(rule));
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void badParametersAreProblemsNamingThem() {
        problem("/api/v1/reports/summary", "/colour", "unknown-field", "colour", "red");
        problem("/api/v1/reports/summary", "/who_grade", "enum", "who_grade", "G9");
        problem("/api/v1/reports/summary", "/procedure_type", "enum", "procedure_type", "appendectomy");
        problem("/api/v1/reports/summary", "/by", "enum", "by", "colour");
        problem("/api/v1/reports/summary", "/by", "range", "by", "sex,sex");
        problem("/api/v1/reports/summary", "/by", "range", "by", "sex,who_grade,centre_id,primary_site");
        problem("/api/v1/reports/summary", "/index_year_from", "type", "index_year_from", "twenty");
        problem("/api/v1/reports/summary", "/index_year_to", "range", "index_year_from", "2020", "index_year_to", "2019");
        problem("/api/v1/reports/summary", "/freeze", "enum", "freeze", "no-such-freeze");
        problem("/api/v1/reports/summary", "/centre_id", "format", "centre_id", "C 1;");
        problem("/api/v1/reports/outcomes", "/indicator", "required");
        problem("/api/v1/reports/outcomes", "/indicator", "enum", "indicator", "death_30d");
        problem("/api/v1/reports/outcomes", "/unit", "enum", "indicator", "death_90d", "unit", "patient");
        problem("/api/v1/reports/outcomes", "/by", "enum", "indicator", "death_90d", "by", "index_year");
        problem("/api/v1/reports/survival", "/endpoint", "enum", "endpoint", "dfs");
        problem("/api/v1/reports/funnel", "/indicator", "enum", "indicator", "alpps_benchmarks");
        problem("/api/v1/reports/funnel", "/by", "unknown-field", "indicator", "death_90d", "by", "sex");
        // each parameter at most once
        given().queryParam("who_grade", "G1", "G2").get("/api/v1/reports/summary").then().statusCode(400)
                .body("errors.find { it.pointer == '/who_grade' }.rule", equalTo("type"));
    }

    @Test
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", augmentors = PermissionGrants.class)
    void centreSubmittersReadNoReports() {
        given().get("/api/v1/reports/summary").then().statusCode(403);
        given().queryParam("indicator", "death_90d").get("/api/v1/reports/outcomes").then().statusCode(403);
        given().get("/api/v1/reports/audit").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "steering", roles = "steering-committee", augmentors = PermissionGrants.class)
    void myCentreIsForCentreLeads() {
        given().get("/api/v1/reports/my-centre").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "c-lead", roles = "centre-lead", attributes = @SecurityAttribute(key = "centre_id", value = LEAD_CENTRE), augmentors = PermissionGrants.class)
    void myCentreShowsTheOwnCentreExactBesideTheRegistry() {
        for (int i = 0; i < 3; i++) {
            send(LEAD_CENTRE + "-" + i, new TestRecords().resection().alive(400).json(LEAD_CENTRE + "-" + i, LEAD_CENTRE, 1, 2022));
        }
        awaitCases(LEAD_CENTRE, 3);
        given().get("/api/v1/reports/my-centre").then().statusCode(200)
                .body("centre_id", equalTo(LEAD_CENTRE))
                .body("accrual.centre.total.count", equalTo(3)).body("accrual.centre.total.suppressed", equalTo(false))
                .body("accrual.registry.total", notNullValue())
                .body("outcomes.indicator", contains("death_90d", "major_morbidity", "phlf_bc", "r0_resection"))
                .body("outcomes.find { it.indicator == 'r0_resection' }.centre.numerator", equalTo(3))
                .body("survival.endpoint", contains("os", "rfs"))
                .body("survival[0].centre.n", equalTo(3));
        // the centre is the caller's own: a centre_id filter is not taken
        given().queryParam("centre_id", "C002").get("/api/v1/reports/my-centre").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/centre_id"));
    }

    @Test
    @TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
    void everyReportRequestIsAudited() {
        String marker = TestRecords.centre("AU");
        given().queryParam("centre_id", marker).get("/api/v1/reports/summary").then().statusCode(200);
        given().queryParam("centre_id", marker).queryParam("indicator", "nonsense").get("/api/v1/reports/outcomes").then()
                .statusCode(400);
        given().queryParam("size", 500).get("/api/v1/reports/audit").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(500)).body("total", greaterThanOrEqualTo(2))
                .body("items.find { it.report == 'summary' && it.parameters.centre_id == '" + marker + "' }.user_id",
                        equalTo("registry-admin"))
                .body("items.find { it.report == 'outcomes' && it.parameters.centre_id == '" + marker + "' }.parameters.indicator",
                        equalTo("nonsense"))
                .body("items[0].requested_at", notNullValue());
        given().queryParam("size", 0).get("/api/v1/reports/audit").then().statusCode(400);
    }
}
