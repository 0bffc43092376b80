package org.nelmregistry.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.ServiceProcess;
import org.nelmregistry.testsupport.TestStack;
import org.nelmregistry.testsupport.Tokens;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job cut by a crash says so (issue #8): a submission instance of its own is killed with
 * {@code kill -9} in the middle of an import and of a replay, restarted, and each job then reads
 * {@code failed} with the reason, its progress as far as it got, and (for the import) the results
 * of the rows it stored before the crash. Short leases so that recovery comes within seconds.
 */
class JobCrashIT {

    static final int PORT = 18091;
    static final String INTERRUPTED = "interrupted: the instance running the job stopped";
    static ServiceProcess submission;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", RegistryStack.serviceJdbcUrl("submission" + TestStack.E2E_DB_SUFFIX));
        config.put("quarkus.datasource.password", TestStack.dbPassword("submission"));
        config.put("kafka.bootstrap.servers", TestStack.KAFKA);
        config.put("quarkus.oidc.auth-server-url", TestStack.REALM_URL);
        config.put("registry.jobs.lease-timeout", "PT4S");
        config.put("registry.jobs.heartbeat-interval", "1s");
        config.put("registry.jobs.recovery-interval", "2s");
        config.put("registry.replay.page-size", "1"); // a page per transaction: the replay lasts long enough to be cut
        submission = ServiceProcess.startLoggingTo(RegistryStack.root(), "submission", PORT, "dev", config,
                RegistryStack.logDir().resolve("job-crash-submission.log"));
        submission.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (submission != null) {
            submission.close();
        }
    }

    static JsonPath get(String user, String path) {
        return given().auth().oauth2(Tokens.of(user)).baseUri(submission.baseUrl()).get(path)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Kills the instance as soon as the job has made progress but not finished; restarts it. */
    static void killMidway(String user, String path) throws Exception {
        JsonPath midway = Poll.until(path + " under way", Duration.ofSeconds(120), () -> get(user, path),
                j -> j.getInt("done") > 0 || !j.getString("status").matches("queued|running"));
        assertEquals("running", midway.getString("status"), "the job was still running when the instance was killed");
        submission.kill9();
        submission.restart();
        submission.awaitReady(Duration.ofSeconds(120));
    }

    static JsonPath awaitFailed(String user, String path) {
        return Poll.until(path + " failed after the crash", Duration.ofSeconds(60), () -> get(user, path),
                j -> !j.getString("status").matches("queued|running"));
    }

    /** Starts an import of {@code rows} new cases of centre C001; returns the job's path. */
    static String startImport(int rows) {
        // short: the identity's fields (postcode = "PC" + tag + row) stay within the form's limits
        String tag = "J" + UUID.randomUUID().toString().substring(0, 5).toUpperCase();
        ArrayNode cases = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < rows; i++) {
            cases.add(SampleCases.valid(SampleCases.identity(tag + i), "registry_only"));
        }
        String location = given().auth().oauth2(Tokens.of("c001-submitter")).baseUri(submission.baseUrl())
                .contentType("application/json").body(cases.toString()).post("/api/v1/imports")
                .then().statusCode(202).extract().header("Location");
        return location.substring(location.indexOf("/api/v1/"));
    }

    @Test
    void anImportCutByACrashIsFailedWithItsReasonAndKeepsTheRowsItStored() throws Exception {
        int rows = 4000;
        String path = startImport(rows);

        killMidway("c001-submitter", path);
        JsonPath job = awaitFailed("c001-submitter", path);

        assertEquals("failed", job.getString("status"));
        assertEquals(INTERRUPTED, job.getString("summary.error"));
        assertNotNull(job.getString("finished_at"));
        int done = job.getInt("done");
        assertTrue(done > 0 && done < rows, "progress as far as the job got: " + done + " of " + rows);
        assertEquals(0, job.getInt("summary.rejected"), "every row a valid case");
        // the rows it stored before the crash are still reported, row by row
        assertEquals(done, get("c001-submitter", path + "?size=1").getInt("results.total"));
    }

    @Test
    void aReplayCutByACrashIsFailedWithItsReason() throws Exception {
        // cases of its own to replay (a page per transaction: long enough to be cut), whatever the store holds
        String imported = startImport(600);
        Poll.until("the import completed", Duration.ofSeconds(120), () -> get("c001-submitter", imported).getString("status"),
                "completed"::equals);
        String location = given().auth().oauth2(Tokens.of("registry-admin")).baseUri(submission.baseUrl())
                .post("/api/v1/admin/replay").then().statusCode(202).extract().header("Location");
        String path = location.substring(location.indexOf("/api/v1/"));
        int total = get("registry-admin", path).getInt("total");
        assertTrue(total >= 600, "the imported cases are replayed too (" + total + ")");

        killMidway("registry-admin", path);
        JsonPath job = awaitFailed("registry-admin", path);

        assertEquals("failed", job.getString("status"));
        assertEquals(INTERRUPTED, job.getString("summary.error"));
        assertNotNull(job.getString("finished_at"));
        assertTrue(job.getInt("done") < total, "the replay did not finish: " + job.getInt("done") + " of " + total);
    }
}
