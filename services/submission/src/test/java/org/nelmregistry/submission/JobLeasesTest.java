package org.nelmregistry.submission;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.nelmregistry.common.job.JobRunner;
import org.nelmregistry.common.job.JobState;
import org.nelmregistry.submission.service.JobService;
import org.nelmregistry.testsupport.Poll;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances over one database, simulated by leases of other owners: the recovery a starting (or
 * sweeping) instance runs fails only the jobs whose instance is gone (lease expired, or none) and
 * leaves another instance's live job running; this instance's heartbeat keeps its own job alive.
 */
@QuarkusTest
@TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
class JobLeasesTest {

    @Inject
    JobRunner leases;
    @Inject
    JobService jobs;
    @Inject
    EntityManager em;

    /** A job row as another instance writes it: its owner, its last heartbeat {@code ageSeconds} ago (null: no lease). */
    UUID job(String status, String owner, Integer ageSeconds) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO jobs (id, kind, status, done, total, created_by, created_at, owner, heartbeat_at, summary)
                VALUES (:id, 'replay', :status, 3, 10, 'registry-admin', now(), :owner,
                        CASE WHEN CAST(:age AS integer) IS NULL THEN NULL ELSE now() - make_interval(secs => CAST(:age AS integer)) END,
                        '{}')""").setParameter("id", id).setParameter("status", status).setParameter("owner", owner)
                .setParameter("age", ageSeconds).executeUpdate());
        return id;
    }

    void ageLease(UUID id, int seconds) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE jobs SET heartbeat_at = now() - make_interval(secs => :s) WHERE id = :id")
                .setParameter("s", seconds).setParameter("id", id).executeUpdate());
    }

    String status(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> em.find(Job.class, id).status.wire());
    }

    @Test
    void recoveryFailsOrphanedJobsAndLeavesAnotherInstancesLiveJobRunning() {
        UUID live = job("running", "instance-b/1", 0);
        UUID orphaned = job("running", "instance-c/1", 600);
        UUID queuedOrphan = job("queued", "instance-c/1", 600);
        UUID beforeLeases = job("running", null, null);

        List<UUID> failed = leases.recover();

        assertTrue(failed.containsAll(List.of(orphaned, queuedOrphan, beforeLeases)), failed.toString());
        assertFalse(failed.contains(live));
        given().get("/api/v1/admin/replay/" + live).then().statusCode(200).body("status", equalTo("running"))
                .body("done", equalTo(3)).body("finished_at", nullValue()).body("summary.error", nullValue());
        for (UUID id : List.of(orphaned, queuedOrphan, beforeLeases)) {
            given().get("/api/v1/admin/replay/" + id).then().statusCode(200).body("status", equalTo("failed"))
                    .body("finished_at", notNullValue()).body("summary.error", equalTo("interrupted: the instance running the job stopped"));
        }
        // a second instance's recovery right after finds nothing more to fail: each job is failed once
        assertFalse(leases.recover().stream().anyMatch(List.of(live, orphaned, queuedOrphan, beforeLeases)::contains));
    }

    @Test
    void thisInstancesHeartbeatKeepsItsJobAliveUntilTheJobsBodyEnds() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // a body that waits: the job stays queued (never reports progress) while its lease is held
        Job mine = jobs.start("replay", null, "registry-admin", 5, id -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals(leases.instance(), QuarkusTransaction.requiringNew().call(() -> em.find(Job.class, mine.id).owner));
        ageLease(mine.id, 600); // as if the last beat were long ago
        leases.heartbeat();
        assertFalse(leases.recover().contains(mine.id));
        assertEquals("queued", status(mine.id));

        // the body ends without finishing the job (a thread that died): the lease lapses, the job is failed
        release.countDown();
        Poll.until("the job's lease released", java.time.Duration.ofSeconds(10), () -> leases.holds(mine.id), h -> !h);
        ageLease(mine.id, 600);
        leases.heartbeat();
        assertTrue(leases.recover().contains(mine.id));
        assertEquals("failed", status(mine.id));
    }

    /** More jobs than the runner's bound wait queued, their leases held, and all run in the end. */
    @Test
    void jobsBeyondTheBoundWaitQueuedAndRunLater() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(jobs.start("replay", null, "registry-admin", 1, id -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                jobs.progress(id, JobState.COMPLETED, 1, 1, null);
            }).id);
        }
        Poll.until("two jobs running", java.time.Duration.ofSeconds(10), running::get, n -> n == 2);
        ids.forEach(id -> assertTrue(leases.holds(id), "a waiting job's lease is held"));
        release.countDown();
        for (UUID id : ids) {
            Poll.until("job " + id + " completed", java.time.Duration.ofSeconds(10), () -> status(id), "completed"::equals);
        }
        assertEquals(2, most.get(), "registry.jobs.max-concurrent (2) at once");
    }

    @Test
    void aFinishedJobIsNotBroughtBackByItsStalledRunner() {
        UUID id = job("running", "instance-c/1", 600);
        leases.recover();
        // the stalled instance wakes up and reports progress: the failure stands
        // its body's next progress report stops it (an import or replay runs no further)
        org.junit.jupiter.api.Assertions.assertThrows(JobService.LeaseLost.class, () -> jobs.running(id, 5, 10, null));
        assertFalse(jobs.progress(id, JobState.COMPLETED, 10, 10,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("replayed", 10)));
        assertEquals("failed", status(id));
        assertNotEquals(null, QuarkusTransaction.requiringNew().call(() -> em.find(Job.class, id).finishedAt));
    }
}
