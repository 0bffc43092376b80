package org.nelmregistry.reporting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.EventJson;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** De-identified records for the service tests, shaped as de-identification releases them (dates = days from the index). */
final class TestRecords {

    /** One message as the consumer receives it from the de-identified topic: a poll's batch of one. */
    static ConsumerRecords<String, String> batch(String key, String value) {
        return batch(new String[] {key, value});
    }

    /** A poll's batch of several messages ({key, value} each; a null value is a tombstone), in order. */
    static ConsumerRecords<String, String> batch(String[]... messages) {
        TopicPartition tp = new TopicPartition("registry.deidentified-cases.v1", 0);
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        for (String[] m : messages) {
            records.add(new ConsumerRecord<>(tp.topic(), tp.partition(), records.size(), m[0], m[1]));
        }
        return new ConsumerRecords<>(Map.of(tp, records), Map.of());
    }

    final ObjectNode root = JsonNodeFactory.instance.objectNode();
    final ObjectNode patient;
    final ObjectNode tumour;
    final ArrayNode procedures;
    final ArrayNode visits;

    TestRecords() {
        patient = root.putObject("patient").put("sex", "female").put("country", "NL").put("consent_scope", "registry_only")
                .put("consent_date", -20).put("asa_class", "II");
        tumour = root.putObject("primary_tumour").put("primary_site", "small_intestine").put("who_grade", "G2")
                .put("differentiation", "well_differentiated").put("ki67_percent", 5).put("diagnosis_date", -100);
        root.putObject("liver_disease").put("distribution_type", "type_II_complex").put("lesion_count", 3).put("bilobar", true)
                .putArray("extrahepatic_sites");
        root.putArray("imaging");
        root.putArray("biomarkers");
        root.putArray("neoadjuvant_therapy");
        procedures = root.putArray("procedures");
        visits = root.putArray("follow_up");
    }

    TestRecords consent(String scope) {
        patient.put("consent_scope", scope);
        return this;
    }

    TestRecords grade(String who) {
        tumour.put("who_grade", who);
        return this;
    }

    TestRecords proc(int day, String type, String intent, String margin, String clavien, String phlf) {
        ObjectNode p = procedures.addObject().put("procedure_date", day).put("procedure_type", type).put("intent", intent)
                .put("approach", "open").put("margin", margin).put("clavien_dindo_max", clavien).put("length_of_stay_days", 6);
        if (phlf != null) {
            p.put("phlf_isgls", phlf);
        }
        return this;
    }

    /** A curative major hepatectomy on day 0, R0, Clavien II, PHLF A. */
    TestRecords resection() {
        return proc(0, "major_hepatectomy", "curative", "R0", "II", "A");
    }

    TestRecords alive(int day) {
        visits.addObject().put("visit_date", day).put("vital_status", "alive").put("recurrence", "none");
        return this;
    }

    TestRecords dead(int day) {
        visits.addObject().put("visit_date", day).put("vital_status", "dead").put("recurrence", "none").put("death_date", day)
                .put("cause_of_death", "disease_progression");
        return this;
    }

    TestRecords recurrence(int day) {
        visits.addObject().put("visit_date", day).put("vital_status", "alive").put("recurrence", "hepatic")
                .put("recurrence_date", day);
        return this;
    }

    /** The topic value of this record for a case. */
    String json(String casePseudonym, String centre, int revision, int year) {
        String indexType = procedures.isEmpty() ? null : procedures.get(0).path("procedure_type").asText();
        return EventJson.write(new CaseDeidentified(UUID.randomUUID(), casePseudonym, "pp-" + casePseudonym, centre, revision,
                Instant.now(), 1, 1, "k1", year, indexType, 58, root));
    }

    /** A short unique centre id for one test. */
    static String centre(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }
}
