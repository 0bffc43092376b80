package org.nelmregistry.deidentification.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two secrets per key: linkage and published pseudonym; rotation replaces both; the file restores both. */
class KeySetTest {

    @TempDir
    Path dir;

    @Test
    void linkageAndPseudonymSecretsDifferAndRotationChangesBoth() {
        KeySet ks = KeySet.open(dir.resolve("k.json"), "k1", "initial-linkage-secret");
        String m = "nid|DE|123";
        assertEquals(KeySet.hmac("initial-linkage-secret", m), ks.hmac(KeySet.Purpose.LINKAGE, m), "linkage from the configured key");
        assertNotEquals(ks.hmac(KeySet.Purpose.LINKAGE, m), ks.hmac(KeySet.Purpose.PSEUDONYM, m));
        String link = ks.hmac(KeySet.Purpose.LINKAGE, m);
        String pseudonym = ks.hmac(KeySet.Purpose.PSEUDONYM, m);
        ks.rotate();
        assertNotEquals(link, ks.hmac(KeySet.Purpose.LINKAGE, m));
        assertNotEquals(pseudonym, ks.hmac(KeySet.Purpose.PSEUDONYM, m));
    }

    @Test
    void theFileRestoresBothSecretsAndNeverLeavesThemInTheKeyList() throws Exception {
        Path f = dir.resolve("k.json");
        KeySet ks = KeySet.open(f, "k1", "initial-linkage-secret");
        ks.rotate();
        Path copy = dir.resolve("backup.json");
        Files.copy(f, copy);
        KeySet restored = KeySet.open(copy, "other", "other-secret");
        assertEquals(ks.currentId(), restored.currentId());
        for (KeySet.Purpose p : KeySet.Purpose.values()) {
            assertEquals(ks.hmac(p, "x"), restored.hmac(p, "x"));
        }
        assertFalse(ks.list().toString().contains("secret"));
    }

    @Test
    void aKeySetWithoutPseudonymSecretsGetsThemOnOpen() throws Exception {
        Path f = dir.resolve("old.json");
        Files.writeString(f, "{\"current\":\"k1\",\"keys\":[{\"id\":\"k1\",\"secret\":\"s\",\"created_at\":\"2025-01-01T00:00:00Z\"}]}");
        KeySet ks = KeySet.open(f, "k1", "ignored");
        assertTrue(Files.readString(f).contains("pseudonym_secret"), "written back, so restarts agree");
        assertEquals(ks.hmac(KeySet.Purpose.PSEUDONYM, "x"), KeySet.open(f, "k1", "ignored").hmac(KeySet.Purpose.PSEUDONYM, "x"));
        assertNotEquals(KeySet.hmac("s", "x"), ks.hmac(KeySet.Purpose.PSEUDONYM, "x"));
    }
}
