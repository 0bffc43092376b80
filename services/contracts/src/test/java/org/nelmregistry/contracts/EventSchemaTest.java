package org.nelmregistry.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.CaseEvent;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.CaseWithdrawn;
import org.nelmregistry.contracts.event.EventJson;

import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records and the JSON Schemas describe the same events. */
class EventSchemaTest {

    static Set<ValidationMessage> validate(String schema, String json) throws Exception {
        try (InputStream in = EventSchemaTest.class.getClassLoader().getResourceAsStream("schemas/" + schema + ".schema.json")) {
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            return s.validate(EventJson.MAPPER.readTree(json));
        }
    }

    static ObjectNode minimalCase() {
        ObjectNode c = EventJson.MAPPER.createObjectNode();
        c.putObject("patient").put("sex", "female");
        c.putObject("primary_tumour");
        c.putObject("liver_disease");
        c.putArray("procedures");
        return c;
    }

    @Test
    void submittedRoundTripsAndMatchesItsSchema() throws Exception {
        CaseSubmitted e = new CaseSubmitted(UUID.randomUUID(), UUID.randomUUID(), "C001", 1, Instant.now(), 1, minimalCase());
        String json = EventJson.write(e);
        assertTrue(json.contains("\"type\":\"CaseSubmitted\""), json);
        assertEquals(Set.of(), validate("CaseSubmitted", json));
        CaseEvent back = EventJson.readCaseEvent(json);
        assertEquals(e, back);
    }

    @Test
    void withdrawnHasNoBodyAndMatchesItsSchema() throws Exception {
        String json = EventJson.write(new CaseWithdrawn(UUID.randomUUID(), UUID.randomUUID(), "C001", 3, Instant.now(), 1));
        assertFalse(json.contains("\"case\""));
        assertEquals(Set.of(), validate("CaseWithdrawn", json));
        assertInstanceOf(CaseWithdrawn.class, EventJson.readCaseEvent(json));
    }

    @Test
    void schemaRejectsAnEventWithoutCase() throws Exception {
        String json = EventJson.write(new CaseSubmitted(UUID.randomUUID(), UUID.randomUUID(), "C001", 1, Instant.now(), 1, null));
        assertFalse(validate("CaseSubmitted", json).isEmpty());
    }

    @Test
    void deidentifiedMatchesItsSchema() throws Exception {
        ObjectNode record = EventJson.MAPPER.createObjectNode();
        record.putObject("patient").put("sex", "male");
        String json = EventJson.write(new CaseDeidentified(UUID.randomUUID(), "cp-1", "pp-1", "C001", 2, Instant.now(), 1, 1,
                "k1", 2024, "major_hepatectomy", 61, record));
        assertEquals(Set.of(), validate("CaseDeidentified", json));
        JsonNode n = EventJson.MAPPER.readTree(json);
        assertEquals("cp-1", n.path("case_pseudonym").asText());
        assertEquals(record, EventJson.readDeidentified(json).record());
    }
}
