package org.nelmregistry.deidentification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.event.CaseEvent;
import org.nelmregistry.contracts.event.CaseRevised;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.CaseWithdrawn;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.deidentification.service.PatientPseudonymiser;
import org.nelmregistry.deidentification.service.PatientPseudonymiserAccess;
import org.nelmregistry.testsupport.Poll;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A withdrawal leaves nothing of the case here: no released record, no linkage hash that only
 * it contributed; other cases of the same patient keep their links and their pseudonym.
 */
@QuarkusTest
class WithdrawalTest {

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    PatientPseudonymiser pseudonymiser;
    @Inject
    DataSource db;
    InMemorySink<Record<String, String>> out;

    @BeforeEach
    void sink() {
        out = connector.sink("deidentified");
        out.clear();
    }

    /** Sends an event and returns the next record published (null value for a tombstone). */
    Record<String, String> send(CaseEvent e) {
        int before = out.received().size();
        connector.source("caseevents").send(EventJson.write(e));
        return Poll.until("a record", () -> out.received().size() > before ? out.received().get(before).getPayload() : null,
                r -> r != null);
    }

    static CaseSubmitted submitted(UUID caseId, String centre, ObjectNode data) {
        return new CaseSubmitted(UUID.randomUUID(), caseId, centre, 1, Instant.now(), 1, data);
    }

    long count(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long linkRows(String identity) throws Exception {
        return count("SELECT count(*) FROM linkage_keys WHERE key_id = ? AND link_hash = ?", pseudonymiser.keyId(),
                pseudonymiser.linkHash(identity));
    }

    static String pp(Record<String, String> r) {
        return LinkageTest.pp(LinkageTest.read(r.value()));
    }

    @Test
    void withdrawingTheNationalIdCaseKeepsTheNamesOnlyCaseOfTheSamePatient() throws Exception {
        String family = LinkageTest.family();
        ObjectNode a = LinkageTest.patient(family, "Gustav", LinkageTest.nid(), "w1");
        ObjectNode b = LinkageTest.patient(family, "Gustav", null, "w2");
        UUID caseA = UUID.randomUUID();
        UUID caseB = UUID.randomUUID();
        Record<String, String> ra = send(submitted(caseA, "C001", a));
        Record<String, String> rb = send(submitted(caseB, "C002", b));
        assertEquals(pp(ra), pp(rb), "one patient through the names");
        String nid = PatientPseudonymiserAccess.nidIdentity(a.get("patient")).orElseThrow();
        String names = PatientPseudonymiserAccess.nameIdentity(a.get("patient"));
        assertEquals(1, linkRows(nid));

        Record<String, String> tombstone = send(new CaseWithdrawn(UUID.randomUUID(), caseA, "C001", 2, Instant.now(), 1));
        assertEquals(ra.key(), tombstone.key());
        assertNull(tombstone.value());
        assertEquals(0, linkRows(nid), "A's national-id hash: only A contributed it");
        assertEquals(1, linkRows(names), "the names hash stays: B contributes it too");
        assertEquals(0, count("SELECT count(*) FROM linkage_contributions WHERE case_pseudonym = ?", ra.key()));
        assertEquals(0, count("SELECT count(*) FROM released_records WHERE case_pseudonym = ?", ra.key()));
        assertEquals(1, count("SELECT count(*) FROM released_records WHERE case_pseudonym = ?", rb.key()));

        // B keeps its pseudonym on its next revision
        Record<String, String> rb2 = send(new CaseRevised(UUID.randomUUID(), caseB, "C002", 2, Instant.now(), 1, b));
        assertEquals(pp(rb), pp(rb2));
        // and a late copy of A's content is not published again
        connector.source("caseevents").send(EventJson.write(new CaseRevised(UUID.randomUUID(), caseA, "C001", 3, Instant.now(), 1, a)));
        Record<String, String> marker = send(submitted(UUID.randomUUID(), "C003",
                LinkageTest.patient(LinkageTest.family(), "Marker", LinkageTest.nid(), "w3")));
        // events are consumed in order: the marker's record means the late copy was handled before it
        assertEquals(1, out.received().stream().filter(m -> ra.key().equals(m.getPayload().key()) && m.getPayload().value() != null)
                .count(), "only A's first record, never again after the withdrawal");
        assertEquals(0, count("SELECT count(*) FROM released_records WHERE case_pseudonym = ?", ra.key()));
        assertEquals(1, count("SELECT count(*) FROM released_records WHERE case_pseudonym = ?", marker.key()));
    }

    @Test
    void withdrawingAPatientsOnlyCaseRemovesEveryHashOfIt() throws Exception {
        ObjectNode a = LinkageTest.patient(LinkageTest.family(), "Hilde", LinkageTest.nid(), "w4");
        UUID caseA = UUID.randomUUID();
        Record<String, String> ra = send(submitted(caseA, "C001", a));
        assertEquals(2, count("SELECT count(*) FROM linkage_keys WHERE patient_pseudonym = ?", pp(ra)));
        send(new CaseWithdrawn(UUID.randomUUID(), caseA, "C001", 2, Instant.now(), 1));
        assertEquals(0, count("SELECT count(*) FROM linkage_keys WHERE patient_pseudonym = ?", pp(ra)));
        assertEquals(0, count("SELECT count(*) FROM released_records WHERE case_pseudonym = ?", ra.key()));
    }

    @Test
    void aCorrectedNationalIdDropsTheOldHash() throws Exception {
        ObjectNode a = LinkageTest.patient(LinkageTest.family(), "Ida", LinkageTest.nid(), "w5");
        String wrong = PatientPseudonymiserAccess.nidIdentity(a.get("patient")).orElseThrow();
        UUID caseA = UUID.randomUUID();
        send(submitted(caseA, "C001", a));
        assertEquals(1, linkRows(wrong));
        ((ObjectNode) a.get("patient")).put("national_id", LinkageTest.nid());
        send(new CaseRevised(UUID.randomUUID(), caseA, "C001", 2, Instant.now(), 1, a));
        assertEquals(0, linkRows(wrong), "the mistyped national id is not kept");
        assertEquals(1, linkRows(PatientPseudonymiserAccess.nidIdentity(a.get("patient")).orElseThrow()));
    }
}
