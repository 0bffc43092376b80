package org.nelmregistry.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/resources/r/reference.R with Rscript on a JSON input and returns R's answers.
 * Without R the calling test fails (never skips): R is the reference these numbers are held to.
 */
final class RReference {

    static final double PROB_TOL = 1e-6;
    static final double REL_TOL = 1e-6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RReference() {}

    static JsonNode run(Map<String, Object> input) {
        String rscript = findRscript();
        try {
            Path dir = Files.createTempDirectory("nelm-statistics-r");
            Path script = dir.resolve("reference.R");
            try (InputStream in = RReference.class.getResourceAsStream("/r/reference.R")) {
                assertNotNull(in, "reference.R is missing from the test resources");
                Files.copy(in, script);
            }
            Path in = dir.resolve("input.json");
            Path out = dir.resolve("output.json");
            Path err = dir.resolve("stderr.txt");
            JSON.writeValue(in.toFile(), input);
            Process p = new ProcessBuilder(rscript, script.toString(), in.toString(), out.toString())
                    .redirectErrorStream(false)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("Rscript did not finish within 5 minutes");
            }
            if (p.exitValue() != 0) {
                fail("Rscript failed (exit " + p.exitValue() + "); are the R packages survival and jsonlite installed? "
                        + "`./registry test` installs r-base-core r-cran-survival r-cran-jsonlite.\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return JSON.readTree(out.toFile());
        } catch (IOException e) {
            throw new AssertionError("could not run the R reference: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running R", e);
        }
    }

    private static double worstAbsolute;
    private static double worstRelative;

    /** The largest differences from R since the last call, for the test log. */
    static String worst() {
        String s = String.format("largest difference from R: %.3g absolute (probabilities), %.3g relative (statistics)",
                worstAbsolute, worstRelative);
        worstAbsolute = 0;
        worstRelative = 0;
        return s;
    }

    private static String findRscript() {
        return findRscript(System.getenv().getOrDefault("PATH", ""));
    }

    static String findRscript(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            File f = new File(dir, "Rscript");
            if (f.isFile() && f.canExecute()) return f.getAbsolutePath();
        }
        fail("Rscript is not installed: these tests compare against R's survival package and must not be skipped. "
                + "`./registry test` installs it (as root: apt-get install -y --no-install-recommends "
                + "r-base-core r-cran-survival r-cran-jsonlite).");
        return null;
    }

    /** R's auto_unbox turns one-element vectors into scalars (an NA one into null); read either as a list. */
    static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null) throw new AssertionError("R's answer lacks a field");
        if (node.isArray()) node.forEach(out::add); else out.add(node);
        return out;
    }

    /** A number, or null for R's NA/NaN. */
    static Double num(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) {
            String t = node.asText();
            if (t.equals("NA") || t.equals("NaN")) return null;
            return Double.valueOf(t);
        }
        return node.asDouble();
    }

    static void assertProb(Double expected, Double actual, String what) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, what + ": R gives " + expected + ", Java " + actual);
            return;
        }
        worstAbsolute = Math.max(worstAbsolute, Math.abs(expected - actual));
        assertTrue(Math.abs(expected - actual) <= PROB_TOL,
                what + ": R " + expected + " vs Java " + actual + " (diff " + Math.abs(expected - actual) + ")");
    }

    static void assertRelative(double expected, double actual, String what) {
        double scale = Math.max(Math.abs(expected), Math.abs(actual));
        if (scale > 0) worstRelative = Math.max(worstRelative, Math.abs(expected - actual) / scale);
        assertTrue(Math.abs(expected - actual) <= REL_TOL * scale || Math.abs(expected - actual) < 1e-12,
                what + ": R " + expected + " vs Java " + actual);
    }
}
