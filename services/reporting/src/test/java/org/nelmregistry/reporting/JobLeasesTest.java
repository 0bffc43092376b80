package org.nelmregistry.reporting;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.nelmregistry.common.job.JobRunner;
import org.nelmregistry.reporting.service.RebuildService;
import org.nelmregistry.testsupport.Poll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances over one database, simulated by job rows leased to other owners (their heartbeat
 * fresh: alive; ten minutes old: crashed): recovery leaves a live job of another instance alone and
 * fails an orphaned one; concurrent rebuild requests start one job, and join one another instance runs.
 */
@QuarkusTest
@TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
class JobLeasesTest {

    @Inject
    RebuildService rebuilds;
    @Inject
    JobRunner runner;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "registry.exports.directory")
    Path directory;

    UUID rebuildOf(String owner, int heartbeatAgeSeconds) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO rebuild_jobs (id, requested_by, status, done, total, created_at, owner, heartbeat_at)
                VALUES (:id, 'registry-admin', 'running', 5, 50, now(), :owner, now() - make_interval(secs => :age))""")
                .setParameter("id", id).setParameter("owner", owner).setParameter("age", heartbeatAgeSeconds).executeUpdate());
        return id;
    }

    UUID exportOf(String owner, int heartbeatAgeSeconds) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO export_jobs (id, requested_by, format, status, done, total, created_at, purpose, owner, heartbeat_at)
                VALUES (:id, 'analyst', 'csv', 'running', 5, 50, now(), 'lease test', :owner, now() - make_interval(secs => :age))""")
                .setParameter("id", id).setParameter("owner", owner).setParameter("age", heartbeatAgeSeconds).executeUpdate());
        return id;
    }

    RebuildJob rebuild(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> em.find(RebuildJob.class, id));
    }

    ExportJob export(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> em.find(ExportJob.class, id));
    }

    long unfinishedRebuilds() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM rebuild_jobs WHERE status IN ('queued', 'running')").getSingleResult()).longValue());
    }

    /** Starts {@code n} rebuild requests at once (threads released together); the ids they return. */
    Set<UUID> concurrentStarts(int n) {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<UUID>> started = IntStream.range(0, n).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return rebuilds.start("registry-admin").id;
        })).toList();
        go.countDown();
        return started.stream().map(CompletableFuture::join).collect(Collectors.toSet());
    }

    void awaitEnd(UUID id) {
        Poll.until("the rebuild ends", Duration.ofSeconds(90), () -> rebuild(id).status.wire(),
                s -> s.equals("failed") || s.equals("completed"));
    }

    @Test
    void aRebuildRunningOnAnotherInstanceIsJoinedAndSurvivesRecoveryUntilItsInstanceDies() {
        UUID live = rebuildOf("instance-b/1", 0);
        try {
            runner.recover();
            assertEquals("running", rebuild(live).status.wire());

            // requests on this instance join instance b's rebuild: no second job
            assertEquals(Set.of(live), concurrentStarts(4));
            given().post("/api/v1/admin/rebuild").then().statusCode(202).body("id", equalTo(live.toString()))
                    .body("status", equalTo("running")).body("done", equalTo(5));
            assertEquals(1, unfinishedRebuilds());
        } finally {
            // instance b dies: its heartbeat stops
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "UPDATE rebuild_jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = :id")
                    .setParameter("id", live).executeUpdate());
        }
        // the next request finds the orphan, fails it with the reason and starts a job of its own
        UUID next = rebuilds.start("registry-admin").id;
        assertNotEquals(live, next);
        RebuildJob orphan = rebuild(live);
        assertEquals("failed", orphan.status.wire());
        assertEquals(JobRunner.INTERRUPTED, orphan.error);
        assertEquals(runner.instance(), rebuild(next).owner);
        awaitEnd(next); // the test profile's topic does not exist: it fails, and holds no lock after
    }

    @Test
    void concurrentRebuildRequestsStartOneJob() {
        Set<UUID> ids = concurrentStarts(4);
        assertEquals(1, ids.size(), ids.toString());
        UUID id = ids.iterator().next();
        // while it is unfinished this instance's heartbeat keeps it alive: recovery leaves it
        if (!rebuild(id).status.finished()) {
            runner.heartbeat();
            assertFalse(runner.recover().contains(id));
        }
        awaitEnd(id);
    }

    @Test
    void exportRecoveryFailsOnlyTheOrphanAndDeletesItsPartialFile() throws Exception {
        UUID live = exportOf("instance-b/1", 0);
        UUID orphan = exportOf("instance-c/1", 600);
        Files.createDirectories(directory);
        Path livePart = Files.writeString(directory.resolve(live + ".zip.part"), "partial");
        Path orphanPart = Files.writeString(directory.resolve(orphan + ".zip.part"), "partial");
        try {
            List<UUID> failed = runner.recover();
            assertTrue(failed.contains(orphan));
            assertFalse(failed.contains(live));
            ExportJob o = export(orphan);
            assertEquals("failed", o.status.wire());
            assertEquals(JobRunner.INTERRUPTED, o.error);
            assertFalse(Files.exists(orphanPart));
            ExportJob l = export(live);
            assertEquals("running", l.status.wire());
            assertEquals(null, l.finishedAt);
            assertTrue(Files.exists(livePart));
            given().get("/api/v1/exports/" + live).then().statusCode(200).body("status", equalTo("running"))
                    .body("error", nullValue());
            // a second instance's recovery right after: nothing more to fail
            assertFalse(runner.recover().contains(live));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "UPDATE export_jobs SET status = 'failed', error = 'test over', finished_at = now() WHERE id = :id")
                    .setParameter("id", live).executeUpdate());
            Files.deleteIfExists(livePart);
        }
    }
}
