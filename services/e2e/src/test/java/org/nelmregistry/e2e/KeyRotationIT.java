package org.nelmregistry.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.Tokens;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Key rotation then replay: every record re-published under the new key, case pseudonyms and counts unchanged. */
@ExtendWith(RegistryStack.class)
class KeyRotationIT {

    static Set<String> casePseudonyms() {
        Set<String> out = new TreeSet<>();
        try (var c = Probes.db("reporting"); var rs = c.createStatement().executeQuery("SELECT case_pseudonym FROM case_records")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void afterRotationAndReplayNoRecordCarriesTheOldKey() {
        SubmissionIT.create("c001-submitter", PlatformIT.sample(SampleCases.identity(PlatformIT.tag()), "registry_only", -17, 355));
        Poll.until("the case in reporting", () -> PlatformIT.countReporting(355), n -> n == 1);
        Poll.until("nothing left to relay", () -> PlatformIT.countSql("submission",
                "SELECT count(*) FROM outbox WHERE published_at IS NULL"), n -> n == 0);
        Set<String> before = casePseudonyms();
        long active = PlatformIT.countSql("submission", "SELECT count(*) FROM cases WHERE status = 'active'");

        String newKey = given().auth().oauth2(Tokens.of("registry-admin")).post(RegistryStack.url("deidentification") + "/api/v1/keys")
                .then().statusCode(201).extract().path("id");
        String job = given().auth().oauth2(Tokens.of("registry-admin")).post(RegistryStack.url("submission") + "/api/v1/admin/replay")
                .then().statusCode(202).extract().path("id");
        Poll.until("the replay", () -> given().auth().oauth2(Tokens.of("registry-admin"))
                .get(RegistryStack.url("submission") + "/api/v1/admin/replay/" + job).then().extract().<String>path("status"),
                "completed"::equals);
        Poll.until("no record under an old key", Duration.ofMinutes(3), () -> PlatformIT.countSql("reporting",
                "SELECT count(*) FROM case_records WHERE key_id <> '" + newKey + "'"), n -> n == 0);
        assertEquals(before, casePseudonyms(), "case pseudonyms unchanged");
        assertEquals(active, casePseudonyms().size(), "one record per active case");
    }
}
