package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nelmregistry.testsupport.SampleCases;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The disclosure policy (ARCHITECTURE.md, "Disclosure control") on completeness: a
 * registry-admin is protected (counts 1-4 withheld), a data manager and a centre's own users
 * see exact counts.
 */
@QuarkusTest
class CompletenessDisclosureTest {

    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    /** Two small centres (2 and 3 cases) and one of 7 cases, one of which lacks asa_class. */
    static final String SMALL_A = "DA" + RUN;
    static final String SMALL_B = "DB" + RUN;
    static final String LARGE = "DL" + RUN;
    /** A lead's own centre of 2 cases (a constant: the identity's attribute). */
    static final String OWN = "DOWNCENTRE";

    static ObjectNode sample() {
        return SampleCases.valid(SampleCases.identity(UUID.randomUUID().toString().substring(0, 8)), "registry_only");
    }

    @BeforeAll
    static void cases() {
        for (int i = 0; i < 2; i++) {
            QuarkusTransactionHelper.storeCase(sample(), SMALL_A);
        }
        for (int i = 0; i < 3; i++) {
            QuarkusTransactionHelper.storeCase(sample(), SMALL_B);
        }
        for (int i = 0; i < 2; i++) {
            QuarkusTransactionHelper.storeCase(sample(), OWN);
        }
        for (int i = 0; i < 7; i++) {
            ObjectNode c = sample();
            if (i == 0) {
                ((ObjectNode) c.get("patient")).remove("asa_class");
            }
            QuarkusTransactionHelper.storeCase(c, LARGE);
        }
    }

    static String item(String centre, String field) {
        return item(centre, "patient", field);
    }

    static String item(String centre, String section, String field) {
        return "items.find { it.centre_id == '" + centre + "' && it.section == '" + section + "' && it.field == '" + field + "' }";
    }

    @Test
    @TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
    void anAdminGetsProtectedCounts() {
        given().get("/api/v1/quality/completeness").then().statusCode(200)
                .body("disclosure", equalTo("protected"))
                // a centre of 2 cases: its total and everything derived from it withheld
                .body(item(SMALL_A, "asa_class") + ".total", nullValue())
                .body(item(SMALL_A, "asa_class") + ".filled", nullValue())
                .body(item(SMALL_A, "asa_class") + ".completeness", nullValue())
                .body(item(SMALL_A, "asa_class") + ".suppressed", equalTo(true))
                .body(item(SMALL_B, "asa_class") + ".total", nullValue())
                // 7 cases, 6 with asa_class: the one without it is a small cell, so filled is withheld
                .body(item(LARGE, "asa_class") + ".total", equalTo(7))
                .body(item(LARGE, "asa_class") + ".filled", nullValue())
                .body(item(LARGE, "asa_class") + ".completeness", nullValue())
                .body(item(LARGE, "asa_class") + ".suppressed", equalTo(true))
                // no field with mitoses in any case: 0 of 7 is shown
                .body(item(LARGE, "primary_tumour", "mitotic_count_per_2mm2") + ".filled", equalTo(0))
                .body(item(LARGE, "primary_tumour", "mitotic_count_per_2mm2") + ".suppressed", equalTo(false))
                // nowhere a count from 1 to 4
                .body("items.total", not(hasItem(1))).body("items.total", not(hasItem(2)))
                .body("items.total", not(hasItem(3))).body("items.total", not(hasItem(4)))
                .body("items.filled", not(hasItem(1))).body("items.filled", not(hasItem(4)));
    }

    @Test
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void aDataManagerGetsExactCounts() {
        given().get("/api/v1/quality/completeness").then().statusCode(200)
                .body("disclosure", equalTo("exact"))
                .body(item(SMALL_A, "asa_class") + ".total", equalTo(2))
                .body(item(LARGE, "asa_class") + ".filled", equalTo(6))
                .body("items.suppressed", everyItem(equalTo(false)));
    }

    @Test
    @TestSecurity(user = "lead", roles = "centre-lead", attributes = @SecurityAttribute(key = "centre_id", value = OWN), augmentors = PermissionGrants.class)
    void aCentreSeesItsOwnCentreExactly() {
        given().get("/api/v1/quality/completeness").then().statusCode(200)
                .body("disclosure", equalTo("exact"))
                .body("items.centre_id", everyItem(equalTo(OWN)))
                .body(item(OWN, "asa_class") + ".total", equalTo(2));
    }
}
