package org.nelmregistry.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.Tokens;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key rotation then replay: every record re-published under the new key, on the compacted topic
 * as in reporting; case pseudonyms, counts and the grouping of cases into patients unchanged.
 */
@ExtendWith(RegistryStack.class)
class KeyRotationIT {

    static final ObjectMapper JSON = new ObjectMapper();

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

    /** Which cases are one patient: the sets of case pseudonyms sharing a patient pseudonym (the pseudonyms themselves change). */
    static Set<Set<String>> patientGroups() {
        Map<String, Set<String>> byPatient = new HashMap<>();
        try (var c = Probes.db("reporting");
                var rs = c.createStatement().executeQuery("SELECT patient_pseudonym, case_pseudonym FROM case_records")) {
            while (rs.next()) {
                byPatient.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return new HashSet<>(byPatient.values());
    }

    /** The counts the summary is made of: cases per centre, index year and index procedure. */
    static Map<String, Long> summaryCounts() {
        Map<String, Long> out = new TreeMap<>();
        try (var c = Probes.db("reporting"); var rs = c.createStatement().executeQuery(
                "SELECT centre_id || '/' || coalesce(index_year::text, '-') || '/' || coalesce(index_procedure_type, '-'), count(*) "
                        + "FROM case_records GROUP BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The latest record per key of the compacted topic, as a consumer rebuilding from it would keep (null: tombstone). */
    static Map<String, String> latestOnTopic() {
        Map<String, String> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : Probes.readTopic(Topics.DEIDENTIFIED_CASES)) {
            latest.put(r.key(), r.value());
        }
        return latest;
    }

    static String keyIdOf(String value) {
        try {
            return JSON.readTree(value).path("key_id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void afterRotationAndReplayNoRecordCarriesTheOldKey() {
        // two cases of one patient (two centres, one national id), so the grouping has something to keep
        SampleCases.Identity who = SampleCases.identity(PlatformIT.tag());
        DeidentificationIT.awaitInReporting(SubmissionIT.create("c001-submitter", PlatformIT.sample(who, "registry_only", -17, 355)), 1);
        DeidentificationIT.awaitInReporting(SubmissionIT.create("c002-submitter", PlatformIT.sample(who, "registry_only", -17, 355)), 1);
        Poll.until("nothing left to relay", () -> PlatformIT.countSql("submission",
                "SELECT count(*) FROM outbox WHERE published_at IS NULL"), n -> n == 0);
        Poll.until("de-identification caught up", Duration.ofSeconds(90), DeidentificationIT::consumerLag, lag -> lag == 0);
        Set<String> before = casePseudonyms();
        Set<Set<String>> groupsBefore = patientGroups();
        Map<String, Long> countsBefore = summaryCounts();
        assertTrue(groupsBefore.stream().anyMatch(g -> g.size() >= 2), "a patient with two cases");
        long active = PlatformIT.countSql("submission", "SELECT count(*) FROM cases WHERE status = 'active'");
        String oldKey = given().auth().oauth2(Tokens.of("registry-admin")).get(RegistryStack.url("deidentification") + "/api/v1/keys")
                .then().statusCode(200).extract().path("find { it.current }.id");

        String newKey = given().auth().oauth2(Tokens.of("registry-admin")).post(RegistryStack.url("deidentification") + "/api/v1/keys")
                .then().statusCode(201).extract().path("id");
        assertNotEquals(oldKey, newKey);
        String job = given().auth().oauth2(Tokens.of("registry-admin")).post(RegistryStack.url("submission") + "/api/v1/admin/replay")
                .then().statusCode(202).extract().path("id");
        Poll.until("the replay", () -> given().auth().oauth2(Tokens.of("registry-admin"))
                .get(RegistryStack.url("submission") + "/api/v1/admin/replay/" + job).then().extract().<String>path("status"),
                "completed"::equals);
        Poll.until("no record under an old key", Duration.ofMinutes(3), () -> PlatformIT.countSql("reporting",
                "SELECT count(*) FROM case_records WHERE key_id <> '" + newKey + "'"), n -> n == 0);
        Poll.until("de-identification caught up with the replay", Duration.ofMinutes(3), DeidentificationIT::consumerLag,
                lag -> lag == 0);

        // the compacted topic, not only reporting: every case's latest record carries the new key
        Map<String, String> latest = latestOnTopic();
        Set<String> live = new TreeSet<>();
        latest.forEach((casePseudonym, value) -> {
            if (value != null) {
                live.add(casePseudonym);
                assertEquals(newKey, keyIdOf(value), "the latest record of " + casePseudonym + " on the topic");
            }
        });
        assertFalse(live.isEmpty());
        assertEquals(before, live, "the topic holds exactly the active cases, under their old case pseudonyms");
        assertEquals(before, casePseudonyms(), "case pseudonyms unchanged");
        assertEquals(active, casePseudonyms().size(), "one record per active case");
        assertEquals(countsBefore, summaryCounts(), "summary counts unchanged");
        assertEquals(groupsBefore, patientGroups(), "the same cases are one patient under the new key");
    }
}
