package org.nelmregistry.contracts.crf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON Schema generated from the form: a valid draft 2020-12 schema that rejects each kind of wrong value where it is. */
class CaseSchemaTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final CaseReportForm FORM = CaseReportForm.current();
    /** Pointers in JSON Pointer form; formats asserted, as a centre's validator should be configured. */
    static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true).build();
    static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(CaseSchema.generate(FORM, 50), CONFIG);

    /** Where each error is: the instance location, plus the property a required/additionalProperties error names. */
    static Set<String> pointers(JsonNode instance) {
        Set<String> out = new TreeSet<>();
        for (ValidationMessage m : SCHEMA.validate(instance)) {
            String at = m.getInstanceLocation().toString();
            if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType())) && m.getProperty() != null) {
                at = at + "/" + m.getProperty();
            }
            out.add(at);
        }
        return out;
    }

    /** A small case with every required field (and no cross-field question: the schema does not ask them). */
    static ObjectNode valid() {
        try {
            return (ObjectNode) MAPPER.readTree("""
                    {"patient": {"local_ref": "R-1", "family_name": "Doe", "given_name": "Jo", "birth_date": "1960-02-29",
                                 "sex": "female", "country": "CH", "consent_date": "2020-01-10", "consent_scope": "registry_only"},
                     "primary_tumour": {"diagnosis_date": "2019-05-01", "primary_site": "small_intestine",
                                 "differentiation": "well_differentiated", "ki67_percent": 2.5, "who_grade": "G1",
                                 "functional_syndrome": "none", "primary_treatment": "not_resected"},
                     "liver_disease": {"presentation": "synchronous", "liver_metastasis_diagnosis_date": "2019-05-01",
                                 "lesion_count": 1, "largest_lesion_mm": 30, "liver_involvement_percent": 5,
                                 "distribution_type": "type_I_simple", "bilobar": false, "extrahepatic_disease": false},
                     "procedures": [{"procedure_date": "2020-02-01", "procedure_type": "minor_hepatectomy", "approach": "open",
                                 "intent": "curative", "segments_resected": 2, "margin": "R0", "clavien_dindo_max": "none",
                                 "phlf_isgls": "none", "length_of_stay_days": 7}],
                     "follow_up": [{"visit_date": "2021-02-01", "vital_status": "alive", "recurrence": "none",
                                 "further_treatment": ["none"]}]}
                    """);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode with(Consumer<ObjectNode> change) {
        ObjectNode c = valid();
        change.accept(c);
        return c;
    }

    static ObjectNode proc(ObjectNode c) {
        return (ObjectNode) c.get("procedures").get(0);
    }

    @Test
    void theSchemaIsAValidDraft202012Schema() {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(CaseSchema.DIALECT), CONFIG);
        ObjectNode schema = CaseSchema.generate(FORM, 50);
        assertEquals(Set.of(), meta.validate(schema));
        assertEquals(CaseSchema.DIALECT, schema.path("$schema").asText());
        // the meta-schema check is a real one: a broken keyword is caught
        ObjectNode broken = schema.deepCopy();
        ((ObjectNode) broken.get("properties").get("patient")).put("additionalProperties", "no");
        assertFalse(meta.validate(broken).isEmpty());
    }

    @Test
    void headerNamesTheFormVersionAndListsTheCrossFieldRules() {
        ObjectNode schema = CaseSchema.generate(FORM);
        assertEquals("urn:nelm-registry:case-report-form:1:case", schema.path("$id").asText());
        assertTrue(schema.path("title").asText().contains("version 1"));
        for (Rule r : FORM.rules()) {
            assertTrue(schema.path("description").asText().contains(r.id() + ": " + r.text()), r.id());
        }
        assertTrue(schema.path("maxItems").isMissingNode());
        assertTrue(schema.at("/properties/imaging/maxItems").isMissingNode(), "no bound unless one is given");
        assertEquals(50, CaseSchema.generate(FORM, 50).at("/properties/imaging/maxItems").asInt());
    }

    @Test
    void everyFieldOfTheFormIsDescribedByItsTypeValuesAndRange() {
        ObjectNode schema = CaseSchema.generate(FORM);
        assertEquals(FORM.sections().stream().map(Section::code).toList(),
                iterable(schema.get("properties").fieldNames()));
        assertEquals(List.of("patient", "primary_tumour", "liver_disease", "procedures"),
                MAPPER.convertValue(schema.get("required"), List.class));
        for (Section s : FORM.sections()) {
            JsonNode entry = s.many() ? schema.at("/properties/" + s.code() + "/items") : schema.at("/properties/" + s.code());
            assertEquals(s.fields().stream().map(Field::code).toList(), iterable(entry.get("properties").fieldNames()), s.code());
            assertFalse(entry.get("additionalProperties").asBoolean(), s.code());
            for (Field f : s.fields()) {
                JsonNode n = entry.get("properties").get(f.code());
                String type = n.get("type").isArray() ? n.get("type").get(0).asText() : n.get("type").asText();
                assertEquals(switch (f.type()) {
                    case STRING, TEXT, DATE, ENUM -> "string";
                    case ENUM_SET -> "array";
                    case INTEGER -> "integer";
                    case DECIMAL -> "number";
                    case BOOLEAN -> "boolean";
                }, type, f.code());
                assertEquals(f.required() != Requirement.REQUIRED, n.get("type").isArray(), f.code() + " nullable unless required");
                if (f.type() == FieldType.ENUM) {
                    List<String> values = iterable(n.get("enum").elements()).stream()
                            .filter(v -> !((JsonNode) v).isNull()).map(v -> ((JsonNode) v).asText()).toList();
                    assertEquals(f.values(), values, f.code());
                }
                if (f.type() == FieldType.ENUM_SET) {
                    assertTrue(n.get("uniqueItems").asBoolean(), f.code());
                    assertEquals(f.values().size(), n.at("/items/enum").size(), f.code());
                }
                if (f.type() == FieldType.INTEGER || f.type() == FieldType.DECIMAL) {
                    assertEquals(0, f.min().compareTo(n.get("minimum").decimalValue()), f.code());
                    assertEquals(0, f.max().compareTo(n.get("maximum").decimalValue()), f.code());
                }
                if (f.type() == FieldType.DATE) {
                    assertEquals("date", n.get("format").asText(), f.code());
                }
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static List iterable(java.util.Iterator it) {
        List out = new java.util.ArrayList();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void aValidCaseHasNoErrorAndNullOrEmptyOptionalValuesAreAbsent() {
        assertEquals(Set.of(), pointers(valid()));
        assertEquals(Set.of(), pointers(with(c -> {
            ((ObjectNode) c.get("patient")).putNull("national_id").putNull("asa_class");
            ((ObjectNode) c.get("liver_disease")).putArray("extrahepatic_sites");
            c.putNull("imaging");
            c.putArray("biomarkers");
        })));
    }

    @Test
    void aValueOfTheWrongTypeFailsAtItsPointer() {
        assertEquals(Set.of("/liver_disease/lesion_count"), pointers(with(c -> ((ObjectNode) c.get("liver_disease")).put("lesion_count", "3"))));
        assertEquals(Set.of("/liver_disease/bilobar"), pointers(with(c -> ((ObjectNode) c.get("liver_disease")).put("bilobar", "false"))));
        assertEquals(Set.of("/procedures/0/length_of_stay_days"), pointers(with(c -> proc(c).put("length_of_stay_days", 7.5))));
        assertEquals(Set.of("/patient/family_name"), pointers(with(c -> ((ObjectNode) c.get("patient")).put("family_name", 42))));
        assertEquals(Set.of("/follow_up/0/further_treatment"), pointers(with(c -> ((ObjectNode) c.get("follow_up").get(0))
                .put("further_treatment", "none"))));
        assertEquals(Set.of("/imaging"), pointers(with(c -> c.putObject("imaging"))));
        assertEquals(Set.of("/procedures/0"), pointers(with(c -> ((ArrayNode) c.get("procedures")).set(0, MAPPER.getNodeFactory().textNode("x")))));
    }

    @Test
    void aNumberOutOfItsRangeFailsAtItsPointer() {
        assertEquals(Set.of("/primary_tumour/ki67_percent"), pointers(with(c -> ((ObjectNode) c.get("primary_tumour")).put("ki67_percent", 100.5))));
        assertEquals(Set.of("/liver_disease/lesion_count"), pointers(with(c -> ((ObjectNode) c.get("liver_disease")).put("lesion_count", 0))));
        assertEquals(Set.of("/procedures/0/segments_resected"), pointers(with(c -> proc(c).put("segments_resected", 9))));
        // the bounds themselves are allowed
        assertEquals(Set.of(), pointers(with(c -> ((ObjectNode) c.get("primary_tumour")).put("ki67_percent", 100))));
    }

    @Test
    void aValueNotListedFailsAtItsPointer() {
        assertEquals(Set.of("/patient/sex"), pointers(with(c -> ((ObjectNode) c.get("patient")).put("sex", "F"))));
        assertEquals(Set.of("/patient/country"), pointers(with(c -> ((ObjectNode) c.get("patient")).put("country", "XX"))));
        assertEquals(Set.of("/follow_up/0/further_treatment/1"), pointers(with(c -> ((ArrayNode) c.get("follow_up").get(0)
                .get("further_treatment")).add("surgery"))));
        // a value listed twice in an enum-set: the set is wrong
        assertEquals(Set.of("/follow_up/0/further_treatment"), pointers(with(c -> ((ArrayNode) c.get("follow_up").get(0)
                .get("further_treatment")).add("none"))));
    }

    @Test
    void aWrongDateOrATooLongOrBlankStringFailsAtItsPointer() {
        assertEquals(Set.of("/patient/birth_date"), pointers(with(c -> ((ObjectNode) c.get("patient")).put("birth_date", "1961-02-29"))));
        assertEquals(Set.of("/patient/birth_date"), pointers(with(c -> ((ObjectNode) c.get("patient")).put("birth_date", "12/03/1960"))));
        assertEquals(Set.of("/procedures/0/procedure_date"), pointers(with(c -> proc(c).put("procedure_date", "2020-2-1"))));
        assertEquals(Set.of("/patient/local_ref"), pointers(with(c -> ((ObjectNode) c.get("patient")).put("local_ref", "x".repeat(65)))));
        assertEquals(Set.of("/patient/given_name"), pointers(with(c -> ((ObjectNode) c.get("patient")).put("given_name", "  "))));
        // blank as Java's String.isBlank counts it (the service's check), in any regex engine
        assertEquals(Set.of("/patient/given_name"), pointers(with(c -> ((ObjectNode) c.get("patient")).put("given_name", "\u2003\u001c\u3000"))));
        assertEquals(Set.of(), pointers(with(c -> ((ObjectNode) c.get("patient")).put("given_name", "\u00a0"))));
        // an optional string may be blank, as in the service
        assertEquals(Set.of(), pointers(with(c -> ((ObjectNode) c.get("patient")).put("phone", " "))));
    }

    @Test
    void anUnknownFieldOrSectionFailsAtItsPointer() {
        assertEquals(Set.of("/patient/nickname"), pointers(with(c -> ((ObjectNode) c.get("patient")).put("nickname", "J"))));
        assertEquals(Set.of("/procedures/0/surgeon"), pointers(with(c -> proc(c).put("surgeon", "S"))));
        assertEquals(Set.of("/pathology"), pointers(with(c -> c.putObject("pathology"))));
    }

    @Test
    void aMissingRequiredFieldOrSectionFailsAtItsPointer() {
        assertEquals(Set.of("/patient/sex"), pointers(with(c -> ((ObjectNode) c.get("patient")).remove("sex"))));
        assertEquals(Set.of("/procedures/0/margin"), pointers(with(c -> proc(c).remove("margin"))));
        assertEquals(Set.of("/liver_disease"), pointers(with(c -> c.remove("liver_disease"))));
        assertEquals(Set.of("/procedures"), pointers(with(c -> c.putArray("procedures"))));
        // null is no value: a required field that is null is wrong where it is
        assertEquals(Set.of("/patient/consent_scope"), pointers(with(c -> ((ObjectNode) c.get("patient")).putNull("consent_scope"))));
    }

    @Test
    void aRepeatingSectionIsBoundedWhenTheServiceBoundsIt() {
        ObjectNode c = valid();
        ArrayNode imaging = c.putArray("imaging");
        for (int i = 0; i < 51; i++) {
            imaging.addObject().put("imaging_date", "2020-01-01").put("modality", "ct");
        }
        assertEquals(Set.of("/imaging"), pointers(c));
        imaging.remove(50);
        assertEquals(Set.of(), pointers(c));
    }
}
