package org.nelmregistry.deidentification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.CaseWithdrawn;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.deidentification.service.CaseEventBatch;
import org.nelmregistry.deidentification.service.CaseEventBatch.Incoming;
import org.nelmregistry.deidentification.service.CaseEventBatch.Prepared;
import org.nelmregistry.deidentification.service.PatientPseudonymiserAccess;
import org.nelmregistry.testsupport.Poll;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two batches (two instances) resolving one new patient at the same time: the one that commits
 * second loses the race for a linkage hash, is rolled back and runs again, and then links to the
 * patient the first one created. A merge or a withdrawal committed while another batch links to
 * the rows it changes waits for that batch (the rows a batch reads are share-locked), so no link
 * is left under a merged-away pseudonym and no contributed hash is deleted.
 */
@QuarkusTest
class ConcurrentLinkageTest {

    @Inject
    CaseEventBatch batches;
    @Inject
    DataSource db;
    @Inject
    org.nelmregistry.deidentification.service.PatientPseudonymiser pseudonymiser;

    static List<Incoming> batchOf(ObjectNode data) {
        return List.of(new Incoming(EventJson.write(new CaseSubmitted(UUID.randomUUID(), UUID.randomUUID(), "C001", 1, Instant.now(), 1,
                data)), Topics.CASE_EVENTS, 0, 0));
    }

    static Incoming event(UUID caseId, ObjectNode data) {
        return new Incoming(EventJson.write(new CaseSubmitted(UUID.randomUUID(), caseId, "C001", 1, Instant.now(), 1, data)),
                Topics.CASE_EVENTS, 0, 0);
    }

    /** Committed and acknowledged, as the consumer leaves a batch. */
    Prepared done(Incoming... events) {
        Prepared p = batches.prepare(List.of(events));
        batches.complete(p);
        return p;
    }

    static String pp(Prepared p) {
        return LinkageTest.pp(LinkageTest.read(p.outgoing().get(0).value()));
    }

    @Test
    void twoConcurrentTransactionsLinkOnePatientToOnePseudonym() throws Exception {
        String family = LinkageTest.family();
        // A: names only; B: the same names with a national id. One after the other, B adopts A's
        // pseudonym; had B kept what it read before A committed, it would be a second patient.
        List<Incoming> a = batchOf(LinkageTest.patient(family, "Nora", null, "c1"));
        List<Incoming> b = batchOf(LinkageTest.patient(family, "Nora", LinkageTest.nid(), "c2"));
        CountDownLatch aWritten = new CountDownLatch(1);
        CountDownLatch bWaiting = new CountDownLatch(1);
        CompletableFuture<Prepared> first = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
            Prepared p = batches.apply(a);
            aWritten.countDown();
            // hold the transaction open until B has read the index and waits on A's new row
            assertTrue(bWaiting.await(60, TimeUnit.SECONDS), "B never waited on A's row");
            return p;
        }));
        assertTrue(aWritten.await(60, TimeUnit.SECONDS), "A did not write its links");
        CompletableFuture<Prepared> second = CompletableFuture.supplyAsync(() -> batches.prepare(b));
        Poll.until("B waiting on A's uncommitted linkage row", Duration.ofSeconds(60), this::waitingOnLocks, n -> n > 0);
        bWaiting.countDown();
        Prepared pa = first.get(60, TimeUnit.SECONDS);
        Prepared pb = second.get(60, TimeUnit.SECONDS);
        assertEquals(pp(pa), pp(pb), "one patient, one pseudonym");
    }

    @Test
    void twoRecordsOfOnePatientInOneBatchLinkToOnePseudonym() {
        String family = LinkageTest.family();
        String nid = LinkageTest.nid();
        Prepared p = batches.prepare(List.of(batchOf(LinkageTest.patient(family, "Olga", null, "c3")).get(0),
                batchOf(LinkageTest.patient(family, "Olga", nid, "c4")).get(0),
                batchOf(LinkageTest.patient(family + "x", "Olga", nid, "c5")).get(0)));
        assertEquals(3, p.outgoing().size());
        String first = LinkageTest.pp(LinkageTest.read(p.outgoing().get(0).value()));
        for (CaseEventBatch.Outgoing o : p.outgoing()) {
            assertEquals(first, LinkageTest.pp(LinkageTest.read(o.value())), "names, then national id, then the national id alone");
        }
    }

    /**
     * Runs {@code holder} in a transaction kept open after its batch was applied, starts
     * {@code other} meanwhile, waits until {@code other} is either done or blocked on a row lock,
     * then lets the holder commit. Returns both results (holder first).
     */
    Prepared[] holdWhile(List<Incoming> holder, List<Incoming> other) throws Exception {
        CountDownLatch applied = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Prepared> held = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
            Prepared p = batches.apply(holder);
            applied.countDown();
            assertTrue(release.await(60, TimeUnit.SECONDS), "never released");
            return p;
        }));
        assertTrue(applied.await(60, TimeUnit.SECONDS), "the holder did not apply its batch");
        CompletableFuture<Prepared> concurrent = CompletableFuture.supplyAsync(() -> batches.prepare(other));
        Poll.until("the other transaction done or waiting on a lock", Duration.ofSeconds(60),
                () -> concurrent.isDone() || waitingOnLocks() > 0, x -> x);
        release.countDown();
        Prepared h = held.get(60, TimeUnit.SECONDS);
        Prepared o = concurrent.get(60, TimeUnit.SECONDS);
        batches.complete(h);
        batches.complete(o);
        return new Prepared[] {h, o};
    }

    @Test
    void aWithdrawalCommittedWhileABatchLinksToTheSameHashKeepsTheHash() throws Exception {
        ObjectNode names = LinkageTest.patient(LinkageTest.family(), "Paula", null, "c6");
        UUID caseX = UUID.randomUUID();
        String ppX = pp(done(event(caseX, names)));
        // Y (names only, same names) links to X's names hash while X, its only contributor, is withdrawn
        Prepared[] r = holdWhile(List.of(event(UUID.randomUUID(), LinkageTest.patient(
                        names.get("patient").get("family_name").asText(), "Paula", null, "c7"))),
                List.of(new Incoming(EventJson.write(new CaseWithdrawn(UUID.randomUUID(), caseX, "C001", 2, Instant.now(), 1)),
                        Topics.CASE_EVENTS, 0, 0)));
        assertEquals(ppX, pp(r[0]), "Y read X's link");
        String nameHash = pseudonymiser.linkHash(PatientPseudonymiserAccess.nameIdentity(names.get("patient")));
        assertEquals(List.of(ppX), owners("link_hash = ?", nameHash),
                "the names hash stays: Y contributes it (had the withdrawal not waited for Y, it would have deleted it)");
    }

    @Test
    void aMergeCommittedWhileABatchLinksToTheMergedAwayPatientMovesTheNewLinkToo() throws Exception {
        String family = LinkageTest.family();
        String nid = LinkageTest.nid();
        String ppA = pp(done(event(UUID.randomUUID(), LinkageTest.patient(family, "Quirin", null, "c8"))));
        String ppB = pp(done(event(UUID.randomUUID(), LinkageTest.patient(family, "Quirinus", nid, "c9"))));
        assertNotEquals(ppA, ppB);
        // the holder links a third spelling to B through the national id; meanwhile a record with
        // the national id and A's names merges B into A (A is earlier)
        Prepared[] r = holdWhile(List.of(event(UUID.randomUUID(), LinkageTest.patient(family, "Quirino", nid, "c10"))),
                List.of(event(UUID.randomUUID(), LinkageTest.patient(family, "Quirin", nid, "c11"))));
        assertEquals(ppA, pp(r[1]));
        assertEquals(List.of(), owners("patient_pseudonym = ?", ppB),
                "no link left under the merged-away pseudonym (the merge waited for the holder's new row)");
    }

    List<String> owners(String where, String value) {
        try (Connection c = db.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT patient_pseudonym FROM linkage_keys WHERE key_id = ? AND " + where)) {
            ps.setString(1, pseudonymiser.keyId());
            ps.setString(2, value);
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long waitingOnLocks() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        + "AND datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
