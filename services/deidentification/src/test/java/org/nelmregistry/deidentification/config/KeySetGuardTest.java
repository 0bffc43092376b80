package org.nelmregistry.deidentification.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nelmregistry.deidentification.service.KeySet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the prod profile refuses in a key set, wherever it came from. */
class KeySetGuardTest {

    static final String REAL = "c2VjcmV0LWZyb20tYS1yZWFsLXZhdWx0LTAxMjM0NTY3";

    @TempDir
    Path dir;

    @Test
    void aProductionKeySetOfMode600Or400Passes() throws Exception {
        Path f = dir.resolve("keys.json");
        KeySet ks = KeySet.open(f, "k1", REAL);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of(), KeySetGuard.problems(f, ks));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        assertEquals(List.of(), KeySetGuard.problems(f, ks));
    }

    @Test
    void aKeySetCreatedFromADevelopmentSecretIsRefusedEvenAfterRotation() {
        Path f = dir.resolve("keys.json");
        KeySet ks = KeySet.open(f, "k1", "dev-only-pseudonym-key-not-secret");
        ks.rotate();
        // reopened as prod would: the mark is in the file, not in configuration
        List<String> problems = KeySetGuard.problems(f, KeySet.open(f, "k1", REAL));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("development keys"));
        assertFalse(problems.get(0).contains("dev-only-pseudonym"), "never the secret");
    }

    @Test
    void aHandWrittenSetWithADevelopmentSecretOrKeyIdIsRefused() throws Exception {
        Path f = dir.resolve("old.json");
        Files.writeString(f, "{\"current\":\"k1\",\"keys\":[{\"id\":\"k1\",\"secret\":\"dev-only-x\",\"created_at\":\"2025-01-01T00:00:00Z\"}]}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertEquals(1, KeySetGuard.problems(f, KeySet.open(f, "k1", REAL)).size());
        Path g = dir.resolve("id.json");
        Files.writeString(g, "{\"current\":\"dev-only-k\",\"keys\":[{\"id\":\"dev-only-k\",\"secret\":\"" + REAL
                + "\",\"created_at\":\"2025-01-01T00:00:00Z\"}]}");
        Files.setPosixFilePermissions(g, PosixFilePermissions.fromString("rw-------"));
        assertEquals(1, KeySetGuard.problems(g, KeySet.open(g, "k1", REAL)).size());
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        Path f = dir.resolve("keys.json");
        KeySet ks = KeySet.open(f, "k1", REAL);
        for (String mode : List.of("rw-r--r--", "rw-rw----", "rw----r--", "-w-------")) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            List<String> problems = KeySetGuard.problems(f, ks);
            assertEquals(1, problems.size(), mode);
            assertTrue(problems.get(0).contains("readable by its owner only"), problems.get(0));
        }
    }
}
