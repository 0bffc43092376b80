package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.FieldType;
import org.nelmregistry.contracts.crf.Requirement;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.testsupport.SampleCases;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property-style checks driven by the dictionary: random values for the free optional fields
 * are accepted; a random single-field corruption of any field is rejected at that field's
 * pointer with the rule its corruption breaks. Seeds are printed so a failure can be replayed.
 */
class DictionaryPropertyTest {

    static final CaseReportForm FORM = CaseReportForm.current();
    final CaseValidator validator = new CaseValidator();

    /** Optional fields that no cross-field rule reads: any value of their type is valid. */
    static boolean free(Field f) {
        return f.required() == Requirement.OPTIONAL && f.type() != FieldType.DATE
                && !List.of("mitotic_count_per_2mm2", "further_treatment").contains(f.code());
    }

    static JsonNode randomValid(Field f, Random r) {
        var n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return switch (f.type()) {
            case STRING, TEXT -> n.textNode("v" + Long.toString(r.nextLong(), 36).substring(0, 3));
            case ENUM -> n.textNode(f.values().get(r.nextInt(f.values().size())));
            case ENUM_SET -> n.arrayNode().add(f.values().get(r.nextInt(f.values().size())));
            case BOOLEAN -> n.booleanNode(r.nextBoolean());
            case INTEGER -> n.numberNode(f.min().intValue() + r.nextInt(f.max().intValue() - f.min().intValue() + 1));
            case DECIMAL -> n.numberNode(f.min().add(f.max().subtract(f.min()).multiply(BigDecimal.valueOf(r.nextDouble())))
                    .setScale(1, java.math.RoundingMode.DOWN));
            case DATE -> throw new IllegalArgumentException("dates are not free");
        };
    }

    /** Where a field of a section lives in the sample case (first entry of an array section). */
    static ObjectNode holder(ObjectNode c, Section s) {
        JsonNode n = c.get(s.code());
        return (ObjectNode) (s.many() ? n.get(0) : n);
    }

    static String pointer(Section s, Field f) {
        return "/" + s.code() + (s.many() ? "/0/" : "/") + f.code();
    }

    @RepeatedTest(40)
    void randomValidCasesAreAccepted() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        ObjectNode c = SampleCases.valid(SampleCases.identity("prop" + r.nextInt(1000)), "registry_only");
        for (Section s : FORM.sections()) {
            for (Field f : s.fields()) {
                if (free(f) && r.nextBoolean()) {
                    holder(c, s).set(f.code(), randomValid(f, r));
                }
            }
        }
        assertEquals(List.of(), validator.check(c).errors(), "seed " + seed);
    }

    record Corruption(JsonNode value, String rule) {
    }

    static List<Corruption> corruptions(Field f) {
        var n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        List<Corruption> out = new ArrayList<>();
        switch (f.type()) {
            case STRING, TEXT -> {
                out.add(new Corruption(n.numberNode(12), "type"));
                if (f.max() != null) {
                    out.add(new Corruption(n.textNode("y".repeat(f.max().intValue() + 1)), "range"));
                }
            }
            case DATE -> {
                out.add(new Corruption(n.textNode("2024-13-40"), "format"));
                out.add(new Corruption(n.numberNode(20240101), "type"));
            }
            case ENUM -> {
                out.add(new Corruption(n.textNode("not-a-listed-value"), "enum"));
                out.add(new Corruption(n.booleanNode(true), "type"));
            }
            case ENUM_SET -> out.add(new Corruption(n.textNode(f.values().get(0)), "type"));
            case BOOLEAN -> out.add(new Corruption(n.textNode("yes"), "type"));
            case INTEGER -> {
                out.add(new Corruption(n.numberNode(f.max().intValue() + 1), "range"));
                out.add(new Corruption(n.numberNode(1.5), "type"));
            }
            case DECIMAL -> {
                out.add(new Corruption(n.numberNode(f.max().add(BigDecimal.ONE)), "range"));
                out.add(new Corruption(n.textNode("12.5"), "type"));
            }
        }
        return out;
    }

    @RepeatedTest(60)
    void aRandomSingleFieldCorruptionIsRejectedAtItsPointer() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        List<Field> all = FORM.fields().toList();
        Field f = all.get(r.nextInt(all.size()));
        Section s = FORM.section(f.section()).orElseThrow();
        List<Corruption> cs = corruptions(f);
        Corruption bad = cs.get(r.nextInt(cs.size()));
        ObjectNode c = SampleCases.valid(SampleCases.identity("corrupt"), "registry_only");
        holder(c, s).set(f.code(), bad.value());
        List<ProblemError> errors = validator.check(c).errors();
        String where = pointer(s, f);
        assertTrue(errors.stream().anyMatch(e -> e.pointer().equals(where) && e.rule().equals(bad.rule())),
                "seed " + seed + ": expected " + bad.rule() + " at " + where + ", got " + errors);
        assertTrue(errors.stream().allMatch(e -> e.pointer().equals(where)),
                "seed " + seed + ": only the corrupted field is reported, got " + errors);
    }

    @Test
    void everyFieldHasACorruption() {
        FORM.fields().forEach(f -> assertTrue(!corruptions(f).isEmpty(), f.code()));
    }
}
