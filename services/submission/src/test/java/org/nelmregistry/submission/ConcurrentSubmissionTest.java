package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.submission.repository.CaseRepository;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A centre's script retrying after a time-out: the same case at once, many times, never a 5xx, one case. */
@QuarkusTest
@TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
class ConcurrentSubmissionTest {

    @Inject
    CaseRepository cases;

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs the calls all at once (released together) and returns their results. */
    static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> c : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    long count(String localRef) {
        return QuarkusTransaction.requiringNew().call(() -> cases.count("centreId = ?1 and localRef = ?2", "C001", localRef));
    }

    @Test
    void sixteenIdenticalPostsAtOnceGiveOne201AndOnlyCopies() throws Exception {
        ObjectNode c = SampleCases.valid(SampleCases.identity(tag()), "registry_only");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(() -> given().contentType("application/json").body(c.toString()).post("/api/v1/cases").statusCode());
        }
        List<Integer> statuses = atOnce(calls);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "one creation: " + statuses);
        assertEquals(15, statuses.stream().filter(s -> s == 200).count(), "the copies: " + statuses);
        assertEquals(1, count(c.path("patient").path("local_ref").asText()));
    }

    @Test
    void differentContentAtOnceGivesConflictsNeverAServerError() throws Exception {
        ObjectNode c = SampleCases.valid(SampleCases.identity(tag()), "registry_only");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ObjectNode variant = c.deepCopy();
            ((ObjectNode) variant.get("liver_disease")).put("lesion_count", 1 + i % 2);
            calls.add(() -> given().contentType("application/json").body(variant.toString()).post("/api/v1/cases").statusCode());
        }
        List<Integer> statuses = atOnce(calls);
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 200 || s == 409), "statuses: " + statuses);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count());
        assertEquals(1, count(c.path("patient").path("local_ref").asText()));
    }

    @Test
    void anImportRacingPostsMakesOneCase() throws Exception {
        ObjectNode c = SampleCases.valid(SampleCases.identity(tag()), "registry_only");
        String body = JsonNodeFactory.instance.arrayNode().add(c).toString();
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> "import:" + given().contentType("application/json").body(body).post("/api/v1/imports").then()
                    .statusCode(202).extract().<String>path("id"));
        }
        for (int i = 0; i < 8; i++) {
            calls.add(() -> "post:" + given().contentType("application/json").body(c.toString()).post("/api/v1/cases").statusCode());
        }
        List<String> results = atOnce(calls);
        for (String r : results) {
            if (r.startsWith("post:")) {
                assertTrue(r.equals("post:201") || r.equals("post:200"), r);
            } else {
                String job = r.substring("import:".length());
                Poll.until("import " + job, () -> given().get("/api/v1/imports/" + job).then().extract().<String>path("status"),
                        "completed"::equals);
                given().get("/api/v1/imports/" + job).then().body("summary.rejected", equalTo(0));
            }
        }
        assertEquals(1, count(c.path("patient").path("local_ref").asText()));
    }
}
