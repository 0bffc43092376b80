package org.nelmregistry.deidentification.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.nelmregistry.deidentification.repository.KeySetRepository;
import org.nelmregistry.testsupport.Poll;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key set in the database: two secrets per key, created once from configuration or imported
 * once from a key set file of an earlier version (same HMACs as before), shared by every instance
 * (two {@link KeySet} objects over one database are two instances), sealed under the KEK.
 */
@QuarkusTest
class KeySetTest extends KeySetTestBase {

    static final String KEK = "dev-only-" + "eznQPorY2jF11ylsANOkCSFNqeLfZRjSU0MHRKa8YKU=";
    static final Duration FAST = Duration.ofMillis(50);


    KeySet open(String kek, Optional<Path> file, String id, String secret) {
        return KeySet.open(repository, KeyEncryption.of(kek, "test"), file, id, secret, FAST, transactions);
    }

    KeySet open() {
        return open(KEK, Optional.empty(), "k1", "initial-linkage-secret");
    }

    @Test
    void theFirstKeyComesFromConfigurationAndRotationChangesBothSecrets() {
        KeySet ks = open();
        String m = "nid|DE|123";
        assertEquals("k1", ks.currentId());
        // HMAC-SHA256 of m under the configured linkage secret, as computed before the key set moved (openssl dgst -hmac)
        assertEquals("YHpTYPZrjn8GGnCJw_QWlGMMCi33a_mLI0vF0lQ1M10", ks.hmac(KeySet.Purpose.LINKAGE, m));
        assertNotEquals(ks.hmac(KeySet.Purpose.LINKAGE, m), ks.hmac(KeySet.Purpose.PSEUDONYM, m));
        String link = ks.hmac(KeySet.Purpose.LINKAGE, m);
        String pseudonym = ks.hmac(KeySet.Purpose.PSEUDONYM, m);
        KeySet.KeyInfo k2 = ks.rotate();
        assertEquals(k2.id(), ks.currentId());
        assertTrue(k2.id().startsWith("k2-"), k2.id());
        assertNotEquals(link, ks.hmac(KeySet.Purpose.LINKAGE, m));
        assertNotEquals(pseudonym, ks.hmac(KeySet.Purpose.PSEUDONYM, m));
        assertEquals(List.of("k1", k2.id()), ks.list().stream().map(KeySet.KeyInfo::id).toList());
        assertFalse(ks.list().toString().contains("secret"));
        // a restart (a new instance) reads the same set: the configured key is not used again
        KeySet again = open(KEK, Optional.empty(), "other", "other-secret");
        assertEquals(k2.id(), again.currentId());
        for (KeySet.Purpose p : KeySet.Purpose.values()) {
            assertEquals(ks.hmac(p, m), again.hmac(p, m));
        }
    }

    static final String FILE = """
            {"current": "k2-1700000000", "keys": [
              {"id": "k1", "secret": "file-linkage-secret-one", "pseudonym_secret": "ZmlsZS1wc2V1ZG9ueW0tc2VjcmV0LW9uZQ==",
               "created_at": "2025-01-01T00:00:00Z"},
              {"id": "k2-1700000000", "secret": "file-linkage-secret-two", "pseudonym_secret": "ZmlsZS1wc2V1ZG9ueW0tc2VjcmV0LXR3bw==",
               "created_at": "2025-06-01T00:00:00Z"}]}
            """;

    @Test
    void aKeySetFileIsImportedOnceAndGivesTheSameHmacsAsBefore() throws Exception {
        Path f = dir.resolve("keyset.json");
        Files.writeString(f, FILE);
        KeySet ks = open(KEK, Optional.of(f), "k1", "configured-secret-not-used");
        assertEquals("k2-1700000000", ks.currentId());
        assertEquals(List.of("k1", "k2-1700000000"), ks.list().stream().map(KeySet.KeyInfo::id).toList());
        assertEquals(java.time.Instant.parse("2025-06-01T00:00:00Z"), ks.list().get(1).createdAt());
        // what the file-based key set computed: HMAC over the secret string's bytes
        for (String m : List.of("nid|DE|123", "name|muller|anna|1960-01-01|F")) {
            assertEquals(KeySet.hmac("file-linkage-secret-two", m), ks.hmac(KeySet.Purpose.LINKAGE, m));
            assertEquals(KeySet.hmac("ZmlsZS1wc2V1ZG9ueW0tc2VjcmV0LXR3bw==", m), ks.hmac(KeySet.Purpose.PSEUDONYM, m));
        }
        assertFalse(ks.development());
        // once imported the file is not read again: another file (or none) changes nothing
        Files.writeString(f, FILE.replace("file-linkage-secret-two", "changed"));
        KeySet again = open(KEK, Optional.of(f), "k1", "x");
        assertEquals(KeySet.hmac("file-linkage-secret-two", "m"), again.hmac(KeySet.Purpose.LINKAGE, "m"));
        Files.delete(f);
        assertEquals(KeySet.hmac("file-linkage-secret-two", "m"), open(KEK, Optional.of(f), "k1", "x").hmac(KeySet.Purpose.LINKAGE, "m"));
        // a rotation after the import continues the sequence
        assertTrue(ks.rotate().id().startsWith("k3-"));
    }

    @Test
    void aDevelopmentFileStaysDevelopmentAfterImportAndRotation() throws Exception {
        Path f = dir.resolve("keyset.json");
        Files.writeString(f, "{\"current\":\"k1\",\"development\":true,\"keys\":[{\"id\":\"k1\",\"secret\":\"abc\","
                + "\"created_at\":\"2025-01-01T00:00:00Z\"}]}");
        KeySet ks = open(KEK, Optional.of(f), "k1", "x");
        assertEquals(KeySet.hmac("abc", "m"), ks.hmac(KeySet.Purpose.LINKAGE, "m"));
        assertNotEquals(KeySet.hmac("abc", "m"), ks.hmac(KeySet.Purpose.PSEUDONYM, "m"), "a missing pseudonym secret is made");
        ks.rotate();
        assertTrue(open(KEK, Optional.empty(), "k1", "x").development(), "the mark is sealed with each key");
    }

    @Test
    void twoInstancesShareTheSecretsAndOnesRotationBecomesCurrentInTheOther() {
        KeySet a = open();
        KeySet b = open(KEK, Optional.empty(), "other", "other-secret");
        assertEquals(a.currentId(), b.currentId());
        assertEquals(a.hmac(KeySet.Purpose.PSEUDONYM, "x"), b.hmac(KeySet.Purpose.PSEUDONYM, "x"), "the random pseudonym secret too");
        String rotated = a.rotate().id();
        Poll.until("b reads a's rotation", Duration.ofSeconds(10), b::currentId, rotated::equals);
        for (KeySet.Purpose p : KeySet.Purpose.values()) {
            assertEquals(a.hmac(p, "x"), b.hmac(p, "x"));
        }
        assertEquals(a.list(), b.list());
    }

    @Test
    void oneTransactionKeepsTheKeyItStartedWith() throws Exception {
        KeySet a = open();
        KeySet b = open();
        String before = a.hmac(KeySet.Purpose.LINKAGE, "x");
        String rotated = QuarkusTransaction.requiringNew().call(() -> {
            assertEquals("k1", a.currentId());
            String id = b.rotate().id();
            // past the refresh interval, still inside the transaction: the batch does not switch keys halfway
            long until = System.nanoTime() + FAST.multipliedBy(4).toNanos();
            while (System.nanoTime() < until) {
                assertEquals("k1", a.currentId());
                assertEquals(before, a.hmac(KeySet.Purpose.LINKAGE, "x"));
                Thread.onSpinWait();
            }
            return id;
        });
        Poll.until("the next transaction uses the new key", Duration.ofSeconds(10),
                () -> QuarkusTransaction.requiringNew().call(a::currentId), rotated::equals);
    }

    @Test
    void twoInstancesStartingAtOnceCreateOneSet() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<KeySet>> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String secret = "secret-of-instance-" + i;
            starts.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return open(KEK, Optional.empty(), "k1", secret);
            }));
        }
        go.countDown();
        KeySet a = starts.get(0).get(30, TimeUnit.SECONDS);
        KeySet b = starts.get(1).get(30, TimeUnit.SECONDS);
        assertEquals(1, a.list().size());
        assertEquals(a.hmac(KeySet.Purpose.LINKAGE, "x"), b.hmac(KeySet.Purpose.LINKAGE, "x"));
        assertEquals(a.hmac(KeySet.Purpose.PSEUDONYM, "x"), b.hmac(KeySet.Purpose.PSEUDONYM, "x"));
    }

    @Test
    void twoRotationsAtOnceEachAddAKeyAndBothInstancesAgreeOnTheLast() throws Exception {
        KeySet a = open();
        KeySet b = open();
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<KeySet.KeyInfo> ra = CompletableFuture.supplyAsync(() -> {
            await(go);
            return a.rotate();
        });
        CompletableFuture<KeySet.KeyInfo> rb = CompletableFuture.supplyAsync(() -> {
            await(go);
            return b.rotate();
        });
        go.countDown();
        String ida = ra.get(30, TimeUnit.SECONDS).id();
        String idb = rb.get(30, TimeUnit.SECONDS).id();
        assertNotEquals(ida, idb);
        KeySetRepository.Stored stored = repository.load().orElseThrow();
        assertEquals(3, stored.version());
        assertEquals(List.of(1, 2, 3), stored.keys().stream().map(KeySetRepository.StoredKey::seq).toList());
        assertEquals(Set.of("k1", ida, idb), stored.keys().stream().map(KeySetRepository.StoredKey::id).collect(Collectors.toSet()));
        String last = stored.keys().get(2).id();
        assertEquals(last, stored.currentId());
        Poll.until("a on the last key", Duration.ofSeconds(10), a::currentId, last::equals);
        Poll.until("b on the last key", Duration.ofSeconds(10), b::currentId, last::equals);
        assertEquals(a.hmac(KeySet.Purpose.LINKAGE, "x"), b.hmac(KeySet.Purpose.LINKAGE, "x"));
    }

    @Test
    void aWrongKekIsRefusedAndNoKeyIsCreated() {
        KeySet ks = open();
        ks.rotate();
        String other = "dev-only-" + KeyEncryptionTest.randomKek();
        KeyEncryption.KekException e = assertThrows(KeyEncryption.KekException.class,
                () -> open(other, Optional.empty(), "k9", "new-secret"));
        assertTrue(e.getMessage().contains("cannot be decrypted with the configured key-encryption key"), e.getMessage());
        assertEquals(2, repository.load().orElseThrow().keys().size(), "nothing added");
        assertEquals(2, repository.load().orElseThrow().version());
    }

    @Test
    void theDatabaseNeverHoldsASecretOrTheKekInClearAndATamperedRowIsRefused() throws Exception {
        Path f = dir.resolve("keyset.json");
        Files.writeString(f, FILE);
        KeySet ks = open(KEK, Optional.of(f), "k1", "x");
        ks.rotate();
        byte[] stored = everyStoredByte();
        assertTrue(stored.length > 100);
        for (String secret : List.of("file-linkage-secret-one", "file-linkage-secret-two", "ZmlsZS1wc2V1ZG9ueW0tc2VjcmV0LW9uZQ==",
                "ZmlsZS1wc2V1ZG9ueW0tc2VjcmV0LXR3bw==", "file-pseudonym-secret-one", "pseudonym_secret", "\"secret\"", KEK, KEK.substring("dev-only-".length()))) {
            assertFalse(contains(stored, secret.getBytes(StandardCharsets.UTF_8)), "found in the database: secret #" + secret.length());
        }
        // the raw KEK bytes neither
        assertFalse(contains(stored, java.util.Base64.getDecoder().decode(KEK.substring("dev-only-".length()))));
        assertTrue(contains(stored, "k2-1700000000".getBytes(StandardCharsets.UTF_8)), "the search does see the rows");

        // one flipped bit in a sealed value: the GCM tag refuses it
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE pseudonym_keys SET sealed = set_byte(sealed, 3, get_byte(sealed, 3) # 1) WHERE key_id = 'k1'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(KeyEncryption.KekException.class, () -> open(KEK, Optional.empty(), "k1", "x"));
    }

    /** Every column of every row of both tables, as the database stores them. */
    byte[] everyStoredByte() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            for (String table : List.of("pseudonym_keys", "pseudonym_key_set")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            byte[] v = rs.getMetaData().getColumnType(i) == java.sql.Types.BINARY ? rs.getBytes(i)
                                    : String.valueOf(rs.getObject(i)).getBytes(StandardCharsets.UTF_8);
                            out.write(v == null ? new byte[0] : v);
                            out.write(0);
                        }
                    }
                }
            }
        }
        return out.toByteArray();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
