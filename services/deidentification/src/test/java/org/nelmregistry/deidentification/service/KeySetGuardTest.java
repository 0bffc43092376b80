package org.nelmregistry.deidentification.service;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the prod profile refuses in a key set and its key-encryption key, wherever they came from. */
@QuarkusTest
class KeySetGuardTest extends KeySetTestBase {

    static final String REAL = "c2VjcmV0LWZyb20tYS1yZWFsLXZhdWx0LTAxMjM0NTY3";
    static final String REAL_KEK = "cxfgJs77LRlItBAf97tPllxkkfUSGV4fzkq9NExUoho=";
    static final String DEV_KEK = "dev-only-eznQPorY2jF11ylsANOkCSFNqeLfZRjSU0MHRKa8YKU=";


    KeySet open(KeyEncryption kek, String secret) {
        return KeySet.open(repository, kek, Optional.empty(), "k1", secret, Duration.ofSeconds(1), transactions);
    }

    @Test
    void aProductionKeySetWithAKekFileOfMode600Or400Passes() throws Exception {
        Path kekFile = dir.resolve("kek");
        Files.writeString(kekFile, REAL_KEK);
        Files.setPosixFilePermissions(kekFile, PosixFilePermissions.fromString("rw-------"));
        KeyEncryption kek = KeyEncryption.fromConfig(Optional.empty(), Optional.of(kekFile.toString()));
        KeySet ks = open(kek, REAL);
        assertEquals(List.of(), KeySetGuard.problems(ks, kek, Optional.of(kekFile), Optional.of(dir.resolve("no-such-keyset.json"))));
        Files.setPosixFilePermissions(kekFile, PosixFilePermissions.fromString("r--------"));
        assertEquals(List.of(), KeySetGuard.problems(ks, kek, Optional.of(kekFile), Optional.empty()));
        assertEquals(List.of(), KeySetGuard.problems(ks, KeyEncryption.of(REAL_KEK, "x"), Optional.empty(), Optional.empty()));
    }

    @Test
    void aDevelopmentKekIsRefusedAsAValueOrFromAFile() throws Exception {
        KeySet ks = open(KeyEncryption.of(DEV_KEK, "x"), REAL);
        List<String> problems = KeySetGuard.problems(ks, KeyEncryption.of(DEV_KEK, "x"), Optional.empty(), Optional.empty());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("key-encryption key is a development one"), problems.get(0));
        assertFalse(problems.get(0).contains(DEV_KEK.substring(9)), "never the KEK");
        Path kekFile = dir.resolve("kek");
        Files.writeString(kekFile, DEV_KEK);
        Files.setPosixFilePermissions(kekFile, PosixFilePermissions.fromString("rw-------"));
        KeyEncryption fromFile = KeyEncryption.fromConfig(Optional.empty(), Optional.of(kekFile.toString()));
        assertEquals(1, KeySetGuard.problems(ks, fromFile, Optional.of(kekFile), Optional.empty()).size());
    }

    @Test
    void aKeySetCreatedFromADevelopmentSecretIsRefusedEvenAfterRotation() {
        KeyEncryption kek = KeyEncryption.of(REAL_KEK, "x");
        open(kek, "dev-only-pseudonym-key-not-secret").rotate();
        // reopened as prod would, with a real configured key: the mark is sealed with the keys, not in configuration
        List<String> problems = KeySetGuard.problems(open(kek, REAL), kek, Optional.empty(), Optional.empty());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("development keys"));
        assertFalse(problems.get(0).contains("dev-only-pseudonym"), "never the secret");
    }

    @Test
    void anImportedSetWithADevelopmentSecretOrKeyIdIsRefused() throws Exception {
        KeyEncryption kek = KeyEncryption.of(REAL_KEK, "x");
        Path f = dir.resolve("old.json");
        Files.writeString(f, "{\"current\":\"k1\",\"keys\":[{\"id\":\"k1\",\"secret\":\"dev-only-x\",\"created_at\":\"2025-01-01T00:00:00Z\"}]}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        KeySet ks = KeySet.open(repository, kek, Optional.of(f), "k1", REAL, Duration.ofSeconds(1), transactions);
        assertEquals(1, KeySetGuard.problems(ks, kek, Optional.empty(), Optional.of(f)).size());
    }

    @Test
    void aKekFileOrALeftoverKeySetFileOthersCanReadIsRefused() throws Exception {
        KeyEncryption kek = KeyEncryption.of(REAL_KEK, "x");
        KeySet ks = open(kek, REAL);
        Path kekFile = dir.resolve("kek");
        Files.writeString(kekFile, REAL_KEK);
        Path leftover = dir.resolve("keyset.json");
        Files.writeString(leftover, "{}");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-------"));
        for (String mode : List.of("rw-r--r--", "rw-rw----", "rw----r--", "-w-------")) {
            Files.setPosixFilePermissions(kekFile, PosixFilePermissions.fromString(mode));
            List<String> problems = KeySetGuard.problems(ks, kek, Optional.of(kekFile), Optional.of(leftover));
            assertEquals(1, problems.size(), mode);
            assertTrue(problems.get(0).contains("readable by its owner only"), problems.get(0));
            assertTrue(problems.get(0).startsWith(kekFile.toString()), problems.get(0));
        }
        Files.setPosixFilePermissions(kekFile, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> problems = KeySetGuard.problems(ks, kek, Optional.of(kekFile), Optional.of(leftover));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(leftover.toString()), problems.get(0));
    }
}
