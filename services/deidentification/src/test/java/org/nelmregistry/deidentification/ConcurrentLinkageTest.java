package org.nelmregistry.deidentification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.deidentification.service.CaseEventBatch;
import org.nelmregistry.deidentification.service.CaseEventBatch.Incoming;
import org.nelmregistry.deidentification.service.CaseEventBatch.Prepared;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two batches (two instances) resolving one new patient at the same time: the one that commits
 * second loses the race for a linkage hash, is rolled back and runs again, and then links to the
 * patient the first one created.
 */
@QuarkusTest
class ConcurrentLinkageTest {

    @Inject
    CaseEventBatch batches;
    @Inject
    DataSource db;

    static List<Incoming> batchOf(ObjectNode data) {
        return List.of(new Incoming(EventJson.write(new CaseSubmitted(UUID.randomUUID(), UUID.randomUUID(), "C001", 1, Instant.now(), 1,
                data)), Topics.CASE_EVENTS, 0, 0));
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
