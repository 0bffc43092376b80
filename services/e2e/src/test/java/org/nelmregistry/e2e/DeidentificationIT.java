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
        Poll.until("1,000 cases in reporting", Duration.ofMinutes(5), () -> PlatformIT.countReporting(MARKER), n -> n == LEAK_CASES);

        String exportId = given().auth().oauth2(Tokens.of("analyst")).contentType("application/json").body("{\"format\":\"csv\"}")
                .post(RegistryStack.url("reporting") + "/api/v1/exports").then().statusCode(202).extract().path("id");
        Poll.until("export", () -> given().auth().oauth2(Tokens.of("analyst")).get(RegistryStack.url("reporting")
                + "/api/v1/exports/" + exportId).then().extract().<String>path("status"), "completed"::equals);
        String export = given().auth().oauth2(Tokens.of("analyst")).get(RegistryStack.url("reporting") + "/api/v1/exports/"
                + exportId + "/file").then().statusCode(200).extract().asString();

        StringBuilder downstream = new StringBuilder(export);
        Probes.readTopic(Topics.DEIDENTIFIED_CASES).forEach(r -> downstream.append(r.key()).append(r.value()).append('\n'));
        Probes.readTopic(Topics.DEAD_LETTER).forEach(r -> downstream.append(r.value()).append('\n'));
        downstream.append(Probes.dumpDatabase("reporting"));
        downstream.append(Files.readString(RegistryStack.logDir().resolve("deidentification.log")));
        downstream.append(Files.readString(RegistryStack.logDir().resolve("reporting.log")));
        String all = downstream.toString();
        assertTrue(all.contains("\"largest_lesion_mm\":" + MARKER), "the records were read");
        int checked = 0;
        for (SampleCases.Identity who : people) {
            for (String v : who.values()) {
                if (v.equals(who.birthDate())) {
                    // the submitted birth date was shifted with the case's dates
                    v = java.time.LocalDate.parse(v).minusYears(14).toString();
                }
                assertFalse(all.contains(v), "an identifier value crossed the trust boundary");
                checked++;
            }
        }
        assertEquals(LEAK_CASES * 10, checked);
    }

    /** Re-delivering every case event a second time leaves reporting unchanged. */
    @Test
    void reDeliveringEveryEventChangesNothing() throws Exception {
        String id = SubmissionIT.create("c001-submitter", PlatformIT.sample(SampleCases.identity(PlatformIT.tag()),
                "registry_only", -15, 388));
        Poll.until("the case in reporting", () -> PlatformIT.countReporting(388), n -> n == 1);
        Poll.until("nothing left to relay", () -> PlatformIT.countSql("submission",
                "SELECT count(*) FROM outbox WHERE published_at IS NULL"), n -> n == 0);
        String before = reportingState();
        List<ConsumerRecord<String, String>> events = Probes.readTopic(Topics.CASE_EVENTS);
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
        Poll.until("the marker case in reporting", () -> PlatformIT.countReporting(389), n -> n == 1);
        String after = reportingState().replaceAll("(?m)^.*\"largest_lesion_mm\": 389.*$\\n?", "");
        assertEquals(before, after, "re-delivered events changed the reporting store");
        assertFalse(id.isEmpty() || marker.isEmpty());
    }

    /** Messages of the case-events topic that the de-identification group has not committed yet. */
    static long consumerLag() {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.KAFKA))) {
            var committed = admin.listConsumerGroupOffsets("deidentification").partitionsToOffsetAndMetadata().get();
            var parts = admin.describeTopics(List.of(Topics.CASE_EVENTS)).allTopicNames().get().get(Topics.CASE_EVENTS)
                    .partitions().stream().map(i -> new org.apache.kafka.common.TopicPartition(Topics.CASE_EVENTS, i.partition()))
                    .toList();
            var latest = admin.listOffsets(parts.stream().collect(java.util.stream.Collectors.toMap(tp -> tp,
                    tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
            long lag = 0;
            for (var tp : parts) {
                var c = committed.get(tp);
                lag += latest.get(tp).offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
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

    /** A poison event lands in the dead-letter topic (metadata only) and processing goes on. */
    @Test
    void aPoisonEventIsDeadLetteredAndProcessingContinues() {
        String secret = "PoisonSecret" + PlatformIT.tag();
        try (KafkaProducer<String, String> p = producer()) {
            p.send(new ProducerRecord<>(Topics.CASE_EVENTS, "poison", "{\"type\":\"CaseSubmitted\",\"family_name\":\"" + secret + "\""));
            p.flush();
        }
        List<ConsumerRecord<String, String>> dead = Poll.until("a dead letter", () -> Probes.readTopic(Topics.DEAD_LETTER),
                l -> l.stream().anyMatch(r -> r.value().contains("unreadable event")));
        assertTrue(dead.stream().noneMatch(r -> r.value().contains(secret)), "the payload never reaches the dead-letter topic");
        assertTrue(dead.get(0).value().contains("\"source_topic\":\"" + Topics.CASE_EVENTS + "\""));
        SubmissionIT.create("c001-submitter", PlatformIT.sample(SampleCases.identity(PlatformIT.tag()), "registry_only", -16, 366));
        Poll.until("a later case still processed", () -> PlatformIT.countReporting(366), n -> n == 1);
    }
}
