package org.nelmregistry.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.submission.service.CaseValidator;
import org.nelmregistry.submission.service.CsvCaseLayout;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CohortGeneratorTest {

    static List<ObjectNode> bodies(List<GeneratedCase> cases) {
        return cases.stream().map(GeneratedCase::body).toList();
    }

    @Test
    void sameSeedGivesIdenticalJsonAndCsvAndAnotherSeedDoesNot() throws Exception {
        String a = CohortWriter.json(bodies(CohortGenerator.generate(300, 6, 7)));
        String b = CohortWriter.json(bodies(CohortGenerator.generate(300, 6, 7)));
        String c = CohortWriter.json(bodies(CohortGenerator.generate(300, 6, 8)));
        assertEquals(a, b);
        assertNotEquals(a, c);
        StringWriter csv1 = new StringWriter();
        StringWriter csv2 = new StringWriter();
        CohortWriter.csv(bodies(CohortGenerator.generate(300, 6, 7)), csv1);
        CohortWriter.csv(bodies(CohortGenerator.generate(300, 6, 7)), csv2);
        assertEquals(csv1.toString(), csv2.toString());
    }

    @Test
    void theCommandWritesByteIdenticalFilesForTheSameSeed(@TempDir Path dir) throws Exception {
        for (String name : List.of("a.json", "b.json", "c.json", "a.csv", "b.csv")) {
            long seed = name.startsWith("c") ? 43 : 42;
            assertEquals(0, Generate.run(new String[] {"--cases", "120", "--centres", "5", "--seed", String.valueOf(seed), "--out",
                    dir.resolve(name).toString()}));
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.json")), Files.readAllBytes(dir.resolve("b.json")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.csv")), Files.readAllBytes(dir.resolve("b.csv")));
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a.json")), Files.readAllBytes(dir.resolve("c.json"))));
        assertTrue(Files.readString(dir.resolve("a.csv")).startsWith("patient.local_ref,patient.family_name,"));
    }

    @Test
    void everyCaseOfA2000CaseCohortPassesTheSubmissionValidatorWithoutWarnings() {
        CaseValidator validator = new CaseValidator();
        List<String> failures = new ArrayList<>();
        for (GeneratedCase c : CohortGenerator.generate(2000, 25, 11)) {
            CaseValidator.Result r = validator.check(c.body());
            List<ProblemError> all = new ArrayList<>(r.errors());
            all.addAll(r.warnings());
            if (!all.isEmpty() && failures.size() < 10) {
                failures.add(c.localRef() + " " + all);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theCsvReadsBackThroughTheImportLayoutAsTheSameCases() throws Exception {
        List<ObjectNode> cases = bodies(CohortGenerator.generate(400, 8, 5));
        StringWriter w = new StringWriter();
        CohortWriter.csv(cases, w);
        CaseReportForm form = CaseReportForm.current();
        List<ObjectNode> read = new ArrayList<>();
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(w.toString()))) {
            assertEquals(List.of(), CsvCaseLayout.checkHeader(form, p.getHeaderNames()));
            for (CSVRecord r : p) {
                Map<String, String> row = new LinkedHashMap<>(r.toMap());
                read.add(CsvCaseLayout.toCase(form, row));
            }
        }
        assertEquals(cases.size(), read.size());
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(canonical(cases.get(i)), canonical(read.get(i)), "case " + i);
        }
    }

    /** Key order and number representation aside, the same JSON. */
    static Object canonical(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), canonical(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(canonical(x)));
            return l;
        }
        if (n.isNumber()) {
            return n.decimalValue().stripTrailingZeros().toPlainString();
        }
        return n.isTextual() ? "s:" + n.asText() : n.toString();
    }

    @Test
    void centreVolumesAreSkewedFromTwoToSeveralHundred() {
        int[] v = CohortGenerator.centreVolumes(3000, 25);
        assertEquals(3000, java.util.Arrays.stream(v).sum());
        assertEquals(2, java.util.Arrays.stream(v).min().orElseThrow());
        assertTrue(v[0] >= 300, "largest centre " + v[0]);
        Map<String, Integer> counted = new TreeMap<>();
        CohortGenerator.generate(3000, 25, 3).forEach(c -> counted.merge(c.centreId(), 1, Integer::sum));
        for (int i = 0; i < 25; i++) {
            assertEquals(v[i], counted.get(CohortGenerator.centreId(i + 1)));
        }
        // small cohorts still give every centre a case
        assertEquals(5, java.util.Arrays.stream(CohortGenerator.centreVolumes(5, 5)).filter(x -> x == 1).count());
    }

    @Test
    void theCohortHoldsTheSamePatientAtTwoCentresTwinsAccentsAndBothConsentScopes() {
        List<GeneratedCase> cohort = CohortGenerator.generate(3000, 25, 9);
        Map<String, List<GeneratedCase>> byNationalId = new HashMap<>();
        Map<String, List<JsonNode>> byBirthAndFamily = new HashMap<>();
        Set<String> scopes = new HashSet<>();
        int accented = 0;
        Set<String> localRefs = new HashSet<>();
        for (GeneratedCase c : cohort) {
            JsonNode p = c.body().path("patient");
            assertTrue(localRefs.add(c.localRef()), "local_ref unique");
            assertTrue(c.localRef().contains(c.centreId()));
            if (p.has("national_id")) {
                byNationalId.computeIfAbsent(p.path("country").asText() + p.path("national_id").asText(), k -> new ArrayList<>()).add(c);
            }
            byBirthAndFamily.computeIfAbsent(p.path("birth_date").asText() + "|" + p.path("family_name").asText(), k -> new ArrayList<>())
                    .add(p);
            scopes.add(p.path("consent_scope").asText());
            if (!(p.path("family_name").asText() + p.path("given_name").asText()).matches("[A-Za-z' -]*")) {
                accented++;
            }
        }
        long twoCentres = byNationalId.values().stream().filter(l -> l.size() == 2 && !l.get(0).centreId().equals(l.get(1).centreId())
                && l.get(0).body().path("patient").path("birth_date").equals(l.get(1).body().path("patient").path("birth_date"))).count();
        long respelled = byNationalId.values().stream().filter(l -> l.size() == 2 && !names(l.get(0)).equals(names(l.get(1)))).count();
        long twins = byBirthAndFamily.values().stream().filter(l -> l.size() == 2
                && !l.get(0).path("national_id").equals(l.get(1).path("national_id"))
                && !l.get(0).path("given_name").equals(l.get(1).path("given_name"))).count();
        assertTrue(twoCentres >= 10, "same patient at two centres: " + twoCentres);
        assertEquals(twoCentres, respelled, "the second centre spells the name its own way");
        assertTrue(twins >= 3, "twins: " + twins);
        assertTrue(accented > 300, "names with accents: " + accented);
        assertEquals(Set.of("registry_only", "registry_and_research"), scopes);
        assertEquals(3000, byNationalId.values().stream().mapToInt(List::size).sum()
                + (int) cohort.stream().filter(c -> !c.body().path("patient").has("national_id")).count());
    }

    private static String names(GeneratedCase c) {
        return c.body().path("patient").path("family_name").asText() + "/" + c.body().path("patient").path("given_name").asText();
    }
}
