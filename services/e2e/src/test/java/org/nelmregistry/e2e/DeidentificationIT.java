package org.nelmregistry.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.TestStack;
import org.nelmregistry.testsupport.Tokens;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trust boundary under load, re-delivery and poison events, through the real stack. */
@ExtendWith(RegistryStack.class)
class DeidentificationIT {

    static final int LEAK_CASES = 1000;
    static final int MARKER = 399;

    static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.KAFKA,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    /**
     * 1,000 synthetic cases with distinctive identifiers, imported by C002: none of their
     * identifier values reaches the de-identified topic, the dead-letter topic, the reporting
     * database, the de-identification and reporting logs, or an export.
     */
    @Test
    void aThousandCasesLeakNoIdentifier() throws Exception {
        String run = PlatformIT.tag();
        long already = PlatformIT.countReporting(MARKER); // the stores are not emptied between runs
        List<SampleCases.Identity> people = new ArrayList<>();
        ArrayNode cases = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < LEAK_CASES; i++) {
            SampleCases.Identity who = SampleCases.identity(run + "k" + i);
            people.add(who);
            cases.add(PlatformIT.sample(who, i % 2 == 0 ? "registry_and_research" : "registry_only", -14, MARKER));
        }
        String job = given().auth().oauth2(Tokens.of("c002-submitter")).contentType("application/json").body(cases.toString())
                .post(RegistryStack.url("submission") + "/api/v1/imports").then().statusCode(202).extract().path("id");
        Poll.until("the import", Duration.ofMinutes(5), () -> given().auth().oauth2(Tokens.of("c002-submitter"))
                .get(RegistryStack.url("submission") + "/api/v1/imports/" + job).then().extract().<String>path("status"),
                "completed"::equals);
        Poll.until("1,000 cases in reporting", Duration.ofMinutes(5), () -> PlatformIT.countReporting(MARKER), n -> n == already + LEAK_CASES);

        // every table in two formats (JSON Lines, Parquet), with the codebook and the risk report
        StringBuilder export = new StringBuilder();
        for (String format : List.of("jsonl", "parquet")) {
            PlatformIT.exportFiles("{\"format\":\"" + format + "\",\"purpose\":\"leak scan\"}").forEach((name, text) ->
                    export.append(name).append('\n').append(text).append('\n'));
        }
        StringBuilder downstream = new StringBuilder(export);
        // whole topics with keys and headers; a read that cannot reach the topic's end fails
        downstream.append(Probes.topicText(Topics.DEIDENTIFIED_CASES));
        downstream.append(Probes.topicText(Topics.DEAD_LETTER));
        downstream.append(Probes.dumpDatabase("reporting"));
        downstream.append(Files.readString(RegistryStack.logDir().resolve("deidentification.log")));
        downstream.append(Files.readString(RegistryStack.logDir().resolve("reporting.log")));
        String all = downstream.toString();
        assertTrue(all.contains("\"largest_lesion_mm\":" + MARKER), "the records were read");
        // every identifier of the 1,000 people in every form the scanner knows (case-folded, normalised,
        // other date formats, JSON-escaped, base64); the submitted birth dates were shifted by -14 years
        LeakScan.assertNoIdentity("downstream of de-identification", all, people, d -> d.minusYears(14));
    }

    /**
     * Re-delivering every case event a second time publishes nothing again (the ledger skips
     * each copy: the case's record count on the de-identified topic and its ledger rows stay the
     * same, and the duplicate counter grows) and leaves reporting unchanged.
     */
    @Test
    void reDeliveringEveryEventChangesNothing() throws Exception {
        String id = SubmissionIT.create("c001-submitter", PlatformIT.sample(SampleCases.identity(PlatformIT.tag()),
                "registry_only", -15, 388));
        awaitInReporting(id, 1);
        Poll.until("nothing left to relay", () -> PlatformIT.countSql("submission",
                "SELECT count(*) FROM outbox WHERE published_at IS NULL"), n -> n == 0);
        Poll.until("de-identification caught up", Duration.ofSeconds(90), DeidentificationIT::consumerLag, lag -> lag == 0);
        String casePseudonym = casePseudonym(id);
        String before = reportingState();
        List<ConsumerRecord<String, String>> events = Probes.readTopic(Topics.CASE_EVENTS);
        long caseEvents = events.stream().filter(r -> isOf(r, id)).count();
        long published = publishedFor(casePseudonym);
        assertEquals(1, caseEvents, "the case's submission event");
        assertEquals(1, published, "one record for one event");
        assertEquals(caseEvents, ledgerRows(id), "every event of the case in the ledger once");
        double duplicates = duplicateCount();
        try (KafkaProducer<String, String> p = producer()) {
            for (ConsumerRecord<String, String> r : events) {
                p.send(new ProducerRecord<>(Topics.CASE_EVENTS, r.key(), r.value()));
            }
            p.flush();
        }
        // the copies are consumed once de-identification has committed offsets up to the topic's end
        Poll.until("de-identification caught up with the copies", Duration.ofSeconds(90),
                DeidentificationIT::consumerLag, lag -> lag == 0);
        String marker = SubmissionIT.create("c001-submitter", PlatformIT.sample(SampleCases.identity(PlatformIT.tag()),
                "registry_only", -15, 389));
        String markerPseudonym = awaitInReporting(marker, 1);
        assertEquals(published, publishedFor(casePseudonym), "a re-delivered event was published again");
        assertEquals(caseEvents, ledgerRows(id), "the ledger holds each event once");
        assertTrue(duplicateCount() - duplicates >= caseEvents, "the ledger recognised the copies as duplicates");
        String after = reportingState().replaceAll("(?m)^" + markerPseudonym + " .*$\\n?", "");
        assertEquals(before, after, "re-delivered events changed the reporting store");
        assertFalse(id.isEmpty() || marker.isEmpty());
    }

    /** Whether a case-events record belongs to the case (keyed by its id; the payload names it too). */
    static boolean isOf(ConsumerRecord<String, String> r, String caseId) {
        return caseId.equals(r.key()) || r.value() != null && r.value().contains("\"case_id\":\"" + caseId + "\"");
    }

    static String casePseudonym(String caseId) throws Exception {
        return findCasePseudonym(caseId).orElseThrow(() -> new AssertionError("case " + caseId + " has no pseudonym"));
    }

    static java.util.Optional<String> findCasePseudonym(String caseId) throws java.sql.SQLException {
        try (var c = Probes.db("deidentification");
                var ps = c.prepareStatement("SELECT case_pseudonym FROM case_pseudonyms WHERE case_id = ?::uuid")) {
            ps.setString(1, caseId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        }
    }

    /** Waits until reporting holds this revision of the case (stores are not emptied between runs); returns its case pseudonym. */
    static String awaitInReporting(String caseId, int revision) {
        return Poll.until("case " + caseId + " revision " + revision + " in reporting", () -> {
            try {
                return findCasePseudonym(caseId).filter(cp -> PlatformIT.countSql("reporting",
                        "SELECT count(*) FROM case_records WHERE case_pseudonym = '" + cp + "' AND revision = " + revision) == 1)
                        .orElse(null);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }, cp -> cp != null);
    }

    static long publishedFor(String casePseudonym) {
        return Probes.readTopic(Topics.DEIDENTIFIED_CASES).stream().filter(r -> casePseudonym.equals(r.key())).count();
    }

    static long ledgerRows(String caseId) throws Exception {
        return Probes.count("deidentification", "SELECT count(*) FROM processed_events WHERE case_id = ?::uuid", caseId);
    }

    /** The service's own count of events it skipped as already processed. */
    static double duplicateCount() {
        String metrics = given().get(RegistryStack.url("deidentification") + "/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("registry_deidentification_events_total{") && l.contains("outcome=\"duplicate\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Messages of the case-events topic that the de-identification group has not committed yet. */
    static long consumerLag() {
        return Probes.lag("deidentification", Topics.CASE_EVENTS);
    }

    /** The reporting store without update times: pseudonyms, revisions and records. */
    static String reportingState() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (var c = Probes.db("reporting"); var rs = c.createStatement().executeQuery(
                "SELECT case_pseudonym, patient_pseudonym, revision, key_id, record::text FROM case_records ORDER BY case_pseudonym")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getInt(3)).append(' ')
                        .append(rs.getString(4)).append(' ').append(rs.getString(5)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * A poison event lands in the dead-letter topic (metadata only, its own partition and offset)
     * and processing goes on: the next event of the same partition, a revision of a case whose
     * events share that partition, reaches reporting.
     */
    @Test
    void aPoisonEventIsDeadLetteredAndProcessingContinues() throws Exception {
        SampleCases.Identity who = SampleCases.identity(PlatformIT.tag());
        com.fasterxml.jackson.databind.node.ObjectNode body = PlatformIT.sample(who, "registry_only", -16, 366);
        String id = SubmissionIT.create("c001-submitter", body);
        awaitInReporting(id, 1);
        int partition = Poll.until("the case's event on the topic", () -> Probes.readTopic(Topics.CASE_EVENTS).stream()
                .filter(r -> isOf(r, id)).findFirst().orElse(null), r -> r != null).partition();

        String secret = "PoisonSecret" + PlatformIT.tag();
        org.apache.kafka.clients.producer.RecordMetadata poison;
        try (KafkaProducer<String, String> p = producer()) {
            poison = p.send(new ProducerRecord<>(Topics.CASE_EVENTS, partition, "poison",
                    "{\"type\":\"CaseSubmitted\",\"family_name\":\"" + secret + "\"")).get();
        }
        // the good event after it: a revision of the same case, so the same key and partition
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("liver_disease")).put("largest_lesion_mm", 367);
        given().auth().oauth2(Tokens.of("c001-submitter")).contentType("application/json").header("If-Match", "\"1\"")
                .body(body.toString()).put(RegistryStack.url("submission") + "/api/v1/cases/" + id).then().statusCode(200);
        awaitInReporting(id, 2);
        ConsumerRecord<String, String> revision = Probes.readTopic(Topics.CASE_EVENTS).stream()
                .filter(r -> isOf(r, id) && r.value().contains("CaseRevised")).findFirst().orElseThrow();
        assertEquals(partition, revision.partition(), "the good event shares the poison event's partition");
        assertTrue(revision.offset() > poison.offset(), "and comes after it");

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<ConsumerRecord<String, String>> dead = Probes.readTopic(Topics.DEAD_LETTER);
        List<com.fasterxml.jackson.databind.JsonNode> mine = new ArrayList<>();
        for (ConsumerRecord<String, String> r : dead) {
            com.fasterxml.jackson.databind.JsonNode d = json.readTree(r.value());
            if (d.path("partition").asInt(-1) == poison.partition() && d.path("offset").asLong(-1) == poison.offset()
                    && Topics.CASE_EVENTS.equals(d.path("source_topic").asText())) {
                mine.add(d);
            }
        }
        assertEquals(1, mine.size(), "the dead letter of this very event");
        assertTrue(mine.get(0).path("reason").asText().contains("unreadable event"));
        assertTrue(dead.stream().noneMatch(r -> r.value().contains(secret)), "the payload never reaches the dead-letter topic");
    }
}
