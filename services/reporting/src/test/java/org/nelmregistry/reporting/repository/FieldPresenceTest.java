package org.nelmregistry.reporting.repository;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.reporting.service.AnalyticStore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Completeness counts from one pass over the parsed records equal PostgreSQL's jsonpath per field. */
@QuarkusTest
class FieldPresenceTest {

    @Inject
    AnalyticRepository analytic;
    @Inject
    AnalyticStore store;

    /** Paths of each shape completeness uses: a field, a field of a repeated section, enum sets of both. */
    static final Map<String, String> PATHS = new LinkedHashMap<>();

    static {
        PATHS.put("patient.sex", "$.patient.sex");
        PATHS.put("patient.asa_class", "$.patient.asa_class");
        PATHS.put("liver_disease.extrahepatic_sites", "$.liver_disease.extrahepatic_sites[*]");
        PATHS.put("procedures.margin", "$.procedures[*].margin");
        PATHS.put("procedures.phlf_isgls", "$.procedures[*].phlf_isgls");
        PATHS.put("follow_up.further_treatment", "$.follow_up[*].further_treatment[*]");
        PATHS.put("follow_up.recurrence", "$.follow_up[*].recurrence");
    }

    void store(String cp, String centre, int variant) {
        JsonNodeFactory j = JsonNodeFactory.instance;
        ObjectNode r = j.objectNode();
        ObjectNode patient = r.putObject("patient").put("consent_scope", "registry_only");
        if (variant % 2 == 0) {
            patient.put("sex", "female");
        }
        if (variant % 3 == 0) {
            patient.putNull("asa_class"); // a present null counts as present for jsonpath too
        }
        ObjectNode liver = r.putObject("liver_disease").put("distribution_type", "type_I_simple");
        if (variant % 4 == 1) {
            liver.putArray("extrahepatic_sites"); // empty: absent
        } else if (variant % 4 == 2) {
            liver.putArray("extrahepatic_sites").add("bone");
        }
        r.putObject("primary_tumour").put("who_grade", "G1");
        var procs = r.putArray("procedures");
        procs.addObject().put("procedure_date", 0).put("procedure_type", "major_hepatectomy").put("intent", "curative");
        if (variant % 5 != 0) {
            procs.addObject().put("procedure_date", 30).put("procedure_type", "ablation").put("intent", "curative")
                    .put("margin", "R0");
        }
        var visits = r.putArray("follow_up");
        if (variant % 3 != 2) {
            ObjectNode v = visits.addObject().put("visit_date", 100).put("vital_status", "alive");
            if (variant % 2 == 1) {
                v.putArray("further_treatment");
                visits.addObject().put("visit_date", 200).put("vital_status", "alive").put("recurrence", "none")
                        .putArray("further_treatment").add("ssa");
            } else {
                v.putArray("further_treatment");
            }
        }
        String value = EventJson.write(new CaseDeidentified(UUID.randomUUID(), cp, "pp-" + cp, centre, 1, Instant.now(), 1, 1,
                "k1", 2020, "major_hepatectomy", 60, r));
        QuarkusTransaction.requiringNew().run(() -> store.apply(cp, value));
    }

    @Test
    void onePassOverTheRecordsCountsWhatJsonpathCounts() {
        String centre = "FP" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        for (int i = 0; i < 24; i++) {
            store(centre + "-" + i, centre, i);
        }
        AnalyticRepository.Filter mine = AnalyticRepository.Filter.NONE.withCentre(centre);
        Map<String, Map<String, Long>> java = QuarkusTransaction.requiringNew().call(() -> analytic.fieldPresenceInJava(null, mine,
                parsed()));
        Map<String, Map<String, Long>> sql = QuarkusTransaction.requiringNew().call(() -> analytic.fieldPresenceInSql(null, mine, PATHS));
        assertEquals(sql, java);
        assertEquals(24L, java.get(centre).get(""));
        assertEquals(12L, java.get(centre).get("patient.sex"));
        assertEquals(6L, java.get(centre).get("liver_disease.extrahepatic_sites"), "an empty enum set is absent");
        // and over the whole store, whatever other tests left there
        assertEquals(QuarkusTransaction.requiringNew().call(() -> analytic.fieldPresenceInSql(null, AnalyticRepository.Filter.NONE, PATHS)),
                QuarkusTransaction.requiringNew().call(() -> analytic.fieldPresence(null, AnalyticRepository.Filter.NONE, PATHS)));
    }

    @Test
    void otherPathShapesAreLeftToJsonpath() {
        assertNotNull(AnalyticRepository.FieldPath.parse("$.procedures[*].margin"));
        assertNull(AnalyticRepository.FieldPath.parse("$.a.b.c"));
        assertNull(AnalyticRepository.FieldPath.parse("$.procedures[0].margin"));
    }

    static Map<String, AnalyticRepository.FieldPath> parsed() {
        Map<String, AnalyticRepository.FieldPath> out = new LinkedHashMap<>();
        PATHS.forEach((k, v) -> out.put(k, AnalyticRepository.FieldPath.parse(v)));
        return out;
    }
}
