package org.nelmregistry.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.Tokens;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures, on an idle platform, how long a case takes from its commit in submission to its
 * commit in reporting: the outbox row's creation time (taken in the submitting transaction) to
 * the reporting row's write time (taken in the storing transaction), one case at a time. Prints
 * the figures; asserts only that every measured case arrived (no timing threshold).
 */
@ExtendWith(RegistryStack.class)
class EndToEndLagIT {

    static final int CASES = 40;

    @Test
    void printsTheCommitToReportingLagOfCasesSubmittedOneAtATime() throws Exception {
        String token = Tokens.of("c001-submitter");
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        List<Long> lagsMs = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String id = given().auth().oauth2(token).contentType("application/json")
                    .body(SampleCases.valid(SampleCases.identity("lag" + run + "n" + i), "registry_only").toString())
                    .post(RegistryStack.url("submission") + "/api/v1/cases").then().statusCode(201).extract().path("id");
            String pseudonym = Poll.until("case " + i + " de-identified", Duration.ofSeconds(60), () -> pseudonymOf(id),
                    p -> p != null);
            OffsetDateTime stored = Poll.until("case " + i + " in reporting", Duration.ofSeconds(60),
                    () -> timestamp("reporting", "SELECT updated_at FROM case_records WHERE case_pseudonym = ?", pseudonym),
                    t -> t != null);
            OffsetDateTime committed = timestamp("submission",
                    "SELECT created_at FROM outbox WHERE event_key = ? AND event_type = 'CaseSubmitted'", id);
            lagsMs.add(Duration.between(committed, stored).toMillis());
        }
        assertEquals(CASES, lagsMs.size());
        List<Long> sorted = new ArrayList<>(lagsMs);
        Collections.sort(sorted);
        System.out.printf("EndToEndLagIT: commit -> reporting over %d idle cases: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms,"
                + " mean %.0f ms%n", CASES, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1),
                sorted.stream().mapToLong(Long::longValue).average().orElse(0));
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String pseudonymOf(String caseId) {
        try (var c = Probes.db("deidentification");
                var ps = c.prepareStatement("SELECT case_pseudonym FROM case_pseudonyms WHERE case_id = ?::uuid")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime timestamp(String service, String sql, String param) {
        try (var c = Probes.db(service); var ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
