package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nelmregistry.testsupport.SampleCases;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** Completeness and the query workflow open -> answered -> closed. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QualityTest {

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @Order(0)
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void completenessPerCentreAndFieldCountsOptionalFields() {
        String centre = "Q" + tag();
        ObjectNode withAsa = SampleCases.valid(SampleCases.identity(tag()), "registry_only");
        ObjectNode withoutAsa = SampleCases.valid(SampleCases.identity(tag()), "registry_only");
        ((ObjectNode) withoutAsa.get("patient")).remove("asa_class");
        QuarkusTransactionHelper.storeCase(withAsa, centre);
        QuarkusTransactionHelper.storeCase(withoutAsa, centre);
        String asa = "items.find { it.centre_id == '" + centre + "' && it.field == 'asa_class' }";
        String mitoses = "items.find { it.centre_id == '" + centre + "' && it.field == 'mitotic_count_per_2mm2' }";
        String imaging = "items.find { it.centre_id == '" + centre + "' && it.section == 'imaging' && it.field == 'ssa_receptor_positive' }";
        given().get("/api/v1/quality/completeness").then().statusCode(200)
                .body(asa + ".filled", equalTo(1)).body(asa + ".total", equalTo(2))
                .body(asa + ".completeness", equalTo(0.5f))
                .body(mitoses + ".filled", equalTo(0))
                .body(imaging + ".filled", equalTo(2))
                // required fields are not counted
                .body("items.findAll { it.centre_id == '" + centre + "' }.field", not(hasItem("sex")));
    }

    // the workflow crosses roles: one ordered step per identity, sharing the case and query ids
    static String caseId;
    static String queryId;

    @Test
    @Order(1)
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void step1CentreSubmits() {
        caseId = given().contentType("application/json")
                .body(SampleCases.valid(SampleCases.identity(tag()), "registry_only").toString())
                .post("/api/v1/cases").then().statusCode(201).extract().path("id");
        given().get("/api/v1/cases/" + caseId).then().body("completeness", notNullValue());
    }

    @Test
    @Order(2)
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void step2DataManagerRaisesAQuery() {
        queryId = given().contentType("application/json")
                .body("{\"pointer\":\"/procedures/0/blood_loss_ml\",\"question\":\"Blood loss missing: please add it.\"}")
                .post("/api/v1/cases/" + caseId + "/queries").then().statusCode(201)
                .body("status", equalTo("open")).extract().path("id");
        given().contentType("application/json").body("{\"pointer\":\"/procedures/0/shoe_size\",\"question\":\"?\"}")
                .post("/api/v1/cases/" + caseId + "/queries").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/pointer"));
        given().post("/api/v1/queries/" + queryId + "/close").then().statusCode(409);
    }

    @Test
    @Order(3)
    @TestSecurity(user = "c002-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C002"), augmentors = PermissionGrants.class)
    void step3AnotherCentreSeesNothing() {
        given().queryParam("size", 500).get("/api/v1/queries").then().body("items.id", not(hasItem(queryId)));
        given().contentType("application/json").body("{\"answer\":\"x\"}").post("/api/v1/queries/" + queryId + "/answer")
                .then().statusCode(404);
    }

    @Test
    @Order(4)
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void step4CentreAnswersWithARevision() {
        given().queryParam("status", "open").queryParam("size", 500).get("/api/v1/queries")
                .then().statusCode(200).body("items.id", hasItem(queryId));
        ObjectNode stored = (ObjectNode) CaseResourceTest.read(given().get("/api/v1/cases/" + caseId).asString()).get("case");
        ((ObjectNode) stored.get("procedures").get(0)).put("blood_loss_ml", 450);
        given().contentType("application/json").body("{\"answer\":\"Added.\",\"revision\":\"1\",\"case\":" + stored + "}")
                .post("/api/v1/queries/" + queryId + "/answer").then().statusCode(200).body("status", equalTo("answered"));
        given().get("/api/v1/cases/" + caseId).then().header("ETag", "\"2\"").body("case.procedures[0].blood_loss_ml", equalTo(450));
    }

    @Test
    @Order(5)
    @TestSecurity(user = "data-manager", roles = "data-manager", augmentors = PermissionGrants.class)
    void step5DataManagerCloses() {
        given().post("/api/v1/queries/" + queryId + "/close").then().statusCode(200).body("status", equalTo("closed"));
        given().queryParam("case_id", caseId).get("/api/v1/queries").then().body("items[0].status", equalTo("closed"));
    }
}
