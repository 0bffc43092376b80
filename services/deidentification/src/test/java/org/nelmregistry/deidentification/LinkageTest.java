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
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * What the linkage links. Names are compared after NFKD, accent stripping, case folding and
 * whitespace collapsing, with birth date and sex; national ids after removing spaces and
 * punctuation, with the country. "Müller" = "MULLER" = " muller "; "Mueller" is another name.
 */
@QuarkusTest
class LinkageTest {

    @Inject
    @Any
    InMemoryConnector connector;
    InMemorySink<Record<String, String>> out;

    @BeforeEach
    void sink() {
        out = connector.sink("deidentified");
        out.clear();
    }

    static ObjectNode patient(String family, String given, String nid, String centreTag) {
        ObjectNode c = SampleCases.valid(SampleCases.identity(centreTag), "registry_only");
        ObjectNode p = (ObjectNode) c.get("patient");
        p.put("family_name", family).put("given_name", given).put("birth_date", "1950-06-15").put("sex", "male").put("country", "DE");
        if (nid == null) {
            p.remove("national_id");
        } else {
            p.put("national_id", nid);
        }
        return c;
    }

    /** Submits a case (by the given centre) and returns every record published in answer. */
    List<JsonNode> submit(String centre, ObjectNode c, int expectedRecords) {
        int before = out.received().size();
        connector.source("caseevents").send(EventJson.write(new CaseSubmitted(UUID.randomUUID(), UUID.randomUUID(), centre, 1,
                Instant.now(), 1, c)));
        return Poll.until(expectedRecords + " record(s)", () -> out.received().size() - before >= expectedRecords
                ? out.received().subList(before, before + expectedRecords).stream().map(m -> read(m.getPayload().value())).toList()
                : null, l -> l != null);
    }

    static JsonNode read(String s) {
        try {
            return EventJson.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pp(JsonNode r) {
        return r.path("patient_pseudonym").asText();
    }

    static String nid() {
        return "DE " + UUID.randomUUID().toString().substring(0, 8);
    }

    static String family() {
        return "Müller" + letters();
    }

    @Test
    void theSamePersonAtTwoCentresIsOnePatient() {
        // only country and national id (written differently) agree: the national-id path links them
        String n = nid();
        String stem = letters();
        ObjectNode first = patient("Müller" + stem, "Jörg", n, "l1");
        ObjectNode second = patient("Mueller" + stem, "Georg", n.replace(" ", "-").toLowerCase(), "l2");
        ((ObjectNode) second.get("patient")).put("birth_date", "1951-07-16");
        String a = pp(submit("C001", first, 1).get(0));
        String b = pp(submit("C002", second, 1).get(0));
        assertEquals(a, b);
        ObjectNode namesOnly = patient("Mueller" + stem, "Georg", null, "l2b");
        ((ObjectNode) namesOnly.get("patient")).put("birth_date", "1951-07-16");
        ((ObjectNode) namesOnly.get("patient")).put("country", "DE");
        assertEquals(a, pp(submit("C002", namesOnly, 1).get(0)), "the second spelling now links through the patient's national id");
        assertNotEquals(a, pp(submit("C002", patient("Mueller" + stem, "Georg", nid(), "l2c"), 1).get(0)),
                "the names alone (other birth date, other national id) are another patient");
    }

    @Test
    void namesOnlyThenNationalIdAreLinked() {
        String f = family();
        String a = pp(submit("C001", patient(f, "Anton", null, "l3"), 1).get(0));
        String b = pp(submit("C002", patient(f.toUpperCase().replace("Ü", "U"), " anton ", nid(), "l4"), 1).get(0));
        assertEquals(a, b, "Müller/MULLER, Anton/anton: one patient");
    }

    @Test
    void nationalIdThenNamesOnlyAreLinked() {
        String f = family();
        String a = pp(submit("C001", patient(f, "Berta", nid(), "l5"), 1).get(0));
        String b = pp(submit("C002", patient(f, "Berta", null, "l6"), 1).get(0));
        assertEquals(a, b);
    }

    @Test
    void transliterationIsNotLinked() {
        String stem = letters();
        String a = pp(submit("C001", patient("Müller" + stem, "Carl", null, "l7"), 1).get(0));
        String b = pp(submit("C001", patient("Mueller" + stem, "Carl", null, "l8"), 1).get(0));
        assertNotEquals(a, b);
    }

    @Test
    void twinsAreNeverLinked() {
        String f = family();
        String a = pp(submit("C001", patient(f, "Dora", null, "l9"), 1).get(0));
        String b = pp(submit("C001", patient(f, "Doris", null, "l10"), 1).get(0));
        assertNotEquals(a, b);
    }

    @Test
    void twoPeopleWithTheSameNamesButDifferentNationalIdsStayApart() {
        String f = family();
        String a = pp(submit("C001", patient(f, "Emil", nid(), "l11"), 1).get(0));
        String b = pp(submit("C001", patient(f, "Emil", nid(), "l12"), 1).get(0));
        assertNotEquals(a, b);
    }

    @Test
    void aRecordThatJoinsTwoPatientsKeepsTheEarlierPseudonymAndRepublishes() {
        String f = family();
        String n = nid();
        // patient A: names only; patient B: the national id, under a misspelt given name
        JsonNode a = submit("C001", patient(f, "Fritz", null, "l13"), 1).get(0);
        JsonNode b = submit("C002", patient(f, "Frits", n, "l14"), 1).get(0);
        assertNotEquals(pp(a), pp(b));
        // the national id with A's names: A and B are one patient; A is earlier and wins
        List<JsonNode> joined = submit("C002", patient(f, "Fritz", n, "l15"), 2);
        assertEquals(pp(a), pp(joined.get(0)));
        JsonNode republished = joined.get(1);
        assertEquals(b.path("case_pseudonym").asText(), republished.path("case_pseudonym").asText(), "B's record again");
        assertEquals(pp(a), pp(republished), "under the surviving pseudonym");
    }

    /** Eight random letters a–p: a name part no other test shares (a UUID's hex may hold too few letters). */
    static String letters() {
        StringBuilder b = new StringBuilder();
        for (char c : Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE).toCharArray()) {
            b.append((char) ('a' + Character.digit(c, 16)));
        }
        return b.substring(0, 8);
    }
}
