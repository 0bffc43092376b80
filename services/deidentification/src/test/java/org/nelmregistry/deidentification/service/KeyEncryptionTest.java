package org.nelmregistry.deidentification.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Envelope encryption of key secrets: AES-256-GCM under a KEK-derived key, key id bound as associated data. */
class KeyEncryptionTest {

    static String randomKek() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    static final byte[] SECRETS = "{\"secret\":\"linkage-secret-0123\",\"pseudonym_secret\":\"p-secret-4567\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void roundTripWithAFreshNonceEachTimeAndNoSecretInTheCiphertext() {
        KeyEncryption kek = KeyEncryption.of(randomKek(), "test");
        KeyEncryption.Sealed a = kek.seal("k1", SECRETS);
        KeyEncryption.Sealed b = kek.seal("k1", SECRETS);
        assertEquals(12, a.nonce().length, "96-bit nonce");
        assertEquals(SECRETS.length + 16, a.ciphertext().length, "ciphertext + 128-bit tag");
        assertFalse(java.util.Arrays.equals(a.nonce(), b.nonce()), "random nonces");
        assertFalse(java.util.Arrays.equals(a.ciphertext(), b.ciphertext()));
        assertFalse(new String(a.ciphertext(), StandardCharsets.ISO_8859_1).contains("linkage-secret"));
        assertArrayEquals(SECRETS, kek.open("k1", a));
        assertArrayEquals(SECRETS, kek.open("k1", b));
    }

    @Test
    void aChangedByteANonceOrAnotherKeyIdFailsTheTag() {
        KeyEncryption kek = KeyEncryption.of(randomKek(), "test");
        KeyEncryption.Sealed s = kek.seal("k1", SECRETS);
        for (int i : new int[] {0, SECRETS.length / 2, s.ciphertext().length - 1}) {
            byte[] c = s.ciphertext().clone();
            c[i] ^= 1;
            assertThrows(KeyEncryption.KekException.class, () -> kek.open("k1", new KeyEncryption.Sealed(s.nonce(), c)), "byte " + i);
        }
        byte[] n = s.nonce().clone();
        n[0] ^= 1;
        assertThrows(KeyEncryption.KekException.class, () -> kek.open("k1", new KeyEncryption.Sealed(n, s.ciphertext())));
        // the key id is associated data: a sealed value copied to another key's row does not open
        assertThrows(KeyEncryption.KekException.class, () -> kek.open("k2", s));
    }

    @Test
    void aWrongKekIsRefusedWithAClearMessageThatNamesNoSecret() {
        String right = randomKek();
        String wrong = randomKek();
        KeyEncryption.Sealed s = KeyEncryption.of(right, "test").seal("k1", SECRETS);
        KeyEncryption.KekException e = assertThrows(KeyEncryption.KekException.class, () -> KeyEncryption.of(wrong, "test").open("k1", s));
        assertTrue(e.getMessage().contains("cannot be decrypted with the configured key-encryption key"), e.getMessage());
        assertTrue(e.getMessage().contains("no new keys are created"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong) || e.getMessage().contains(right));
    }

    @Test
    void theKekMustBeTheBase64Of32BytesAndIsNeverShown() {
        for (String bad : new String[] {"correct horse battery staple", Base64.getEncoder().encodeToString(new byte[16]),
                Base64.getEncoder().encodeToString(new byte[33]), "dev-only-kek-not-base64"}) {
            KeyEncryption.KekException e = assertThrows(KeyEncryption.KekException.class, () -> KeyEncryption.of(bad, "registry.pseudonym.kek"));
            assertTrue(e.getMessage().contains("base64 of 32 random bytes"), e.getMessage());
            assertFalse(e.getMessage().contains(bad), "never the value");
        }
        String kek = randomKek();
        assertFalse(KeyEncryption.of(kek, "x").toString().contains(kek));
    }

    @Test
    void aDevelopmentKekIsMarkedAndDiffersFromTheSameBytesUnmarkedOnlyInTheMark() {
        String b64 = randomKek();
        KeyEncryption dev = KeyEncryption.of(KeySet.DEV_MARK + b64, "x");
        KeyEncryption real = KeyEncryption.of(b64, "x");
        assertTrue(dev.development());
        assertFalse(real.development());
        assertArrayEquals(SECRETS, real.open("k1", dev.seal("k1", SECRETS)), "the mark is not part of the key");
    }

    @Test
    void theKekComesFromTheValueOrAFileButNotBoth() throws Exception {
        String b64 = randomKek();
        Path f = dir.resolve("kek");
        Files.writeString(f, b64 + "\n");
        KeyEncryption fromFile = KeyEncryption.fromConfig(Optional.empty(), Optional.of(f.toString()));
        assertArrayEquals(SECRETS, KeyEncryption.fromConfig(Optional.of(b64), Optional.empty()).open("k1", fromFile.seal("k1", SECRETS)));
        Files.writeString(f, KeySet.DEV_MARK + b64);
        assertTrue(KeyEncryption.fromConfig(Optional.empty(), Optional.of(f.toString())).development(), "a dev KEK in a file is marked too");
        assertThrows(KeyEncryption.KekException.class, () -> KeyEncryption.fromConfig(Optional.of(b64), Optional.of(f.toString())));
        KeyEncryption.KekException none = assertThrows(KeyEncryption.KekException.class,
                () -> KeyEncryption.fromConfig(Optional.empty(), Optional.empty()));
        assertTrue(none.getMessage().contains("PSEUDONYM_KEK"), none.getMessage());
    }

    @Test
    void theAesKeyIsHkdfSha256OfTheKek() {
        // RFC 5869 test case 1 (its first 32 bytes of output)
        HexFormat hex = HexFormat.of();
        byte[] okm = KeyEncryption.hkdf(hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("0b".repeat(22)),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf", hex.formatHex(okm));
        // the configured bytes themselves are not the AES key: sealing with them directly would not open
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        KeyEncryption kek = KeyEncryption.of(Base64.getEncoder().encodeToString(raw), "x");
        assertNotEquals(hex.formatHex(raw), hex.formatHex(KeyEncryption.hkdf("nelm-registry/deidentification/key-set".getBytes(
                StandardCharsets.US_ASCII), raw, "AES-256-GCM key-encryption key v1".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(KeyEncryption.KekException.class, () -> kek.open("k1", rawAesSeal(raw, "k1")));
    }

    /** Seals with the raw KEK bytes as the AES key (what a missing derivation would do). */
    static KeyEncryption.Sealed rawAesSeal(byte[] key, String keyId) {
        try {
            byte[] nonce = new byte[12];
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                    new javax.crypto.spec.GCMParameterSpec(128, nonce));
            c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return new KeyEncryption.Sealed(nonce, c.doFinal(SECRETS));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
