package org.nelmregistry.deidentification.service;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Envelope encryption of the key set's secrets: each key's secrets are sealed with AES-256-GCM
 * (random 96-bit nonce, 128-bit tag, the key id as associated data, so a sealed value moved to
 * another key id fails) under a key derived from the key-encryption key (KEK).
 * <p>
 * The KEK is the base64 of 32 random bytes ({@code openssl rand -base64 32}); no passphrases.
 * The AES key is HKDF-SHA256 (RFC 5869) of those bytes with a fixed salt and info, so the
 * configured value is never used as a cipher key directly and a later second use of the KEK
 * gets an independent key. A development KEK is {@value KeySet#DEV_MARK} followed by such a
 * base64 value: usable, but marked (refused under the prod profile). Neither {@link #toString()}
 * nor any message shows the KEK.
 */
public final class KeyEncryption {

    /** The configured KEK is unusable, or the stored key set cannot be opened with it. */
    public static final class KekException extends IllegalStateException {
        public KekException(String message) {
            super(message);
        }
    }

    /** A sealed value: the nonce and the ciphertext with its GCM tag appended. */
    public record Sealed(byte[] nonce, byte[] ciphertext) {
    }

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] HKDF_SALT = "nelm-registry/deidentification/key-set".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HKDF_INFO = "AES-256-GCM key-encryption key v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec aesKey;
    private final boolean development;

    private KeyEncryption(byte[] kek, boolean development) {
        this.aesKey = new SecretKeySpec(hkdf(kek), "AES");
        this.development = development;
        Arrays.fill(kek, (byte) 0);
    }

    /**
     * The KEK from configuration: {@code registry.pseudonym.kek} (the value) or
     * {@code registry.pseudonym.kek-file} (a file holding it), exactly one of them.
     */
    public static KeyEncryption fromConfig(Optional<String> kek, Optional<String> kekFile) {
        if (kek.isPresent() && kekFile.isPresent()) {
            throw new KekException("both registry.pseudonym.kek and registry.pseudonym.kek-file are set: configure one key-encryption key");
        }
        if (kekFile.isPresent()) {
            try {
                return of(Files.readString(Path.of(kekFile.get())).strip(), "registry.pseudonym.kek-file (" + kekFile.get() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException("the key-encryption key file " + kekFile.get() + " cannot be read", e);
            }
        }
        String value = kek.orElseThrow(() -> new KekException(
                "no key-encryption key: set registry.pseudonym.kek (PSEUDONYM_KEK) or registry.pseudonym.kek-file (PSEUDONYM_KEK_FILE)"
                        + " to the base64 of 32 random bytes (openssl rand -base64 32)"));
        return of(value, "registry.pseudonym.kek");
    }

    /** A KEK value; {@code source} names where it came from in messages (never the value). */
    public static KeyEncryption of(String value, String source) {
        boolean development = value.startsWith(KeySet.DEV_MARK);
        String encoded = development ? value.substring(KeySet.DEV_MARK.length()) : value;
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new KekException(source + " is not a key-encryption key: it must be the base64 of 32 random bytes"
                    + " (openssl rand -base64 32)");
        }
        return new KeyEncryption(raw, development);
    }

    /** Whether the KEK is a {@value KeySet#DEV_MARK} development one. */
    public boolean development() {
        return development;
    }

    /** Seals a key's secrets under a fresh random nonce, bound to its key id (for {@link KeySet} only). */
    Sealed seal(String keyId, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return new Sealed(nonce, c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Opens a sealed value of that key id. A wrong KEK, a changed byte, or a value moved to
     * another key id fails the GCM tag: {@link KekException}, never a wrong secret. Package-private:
     * the secrets in clear never leave {@link KeySet}.
     */
    byte[] open(String keyId, Sealed sealed) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new KekException("the secrets of pseudonymisation key " + keyId + " in the database cannot be decrypted with the"
                    + " configured key-encryption key (registry.pseudonym.kek / kek-file): a different KEK, or the stored value was"
                    + " altered. Configure the KEK the key set was written with; no new keys are created");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable or a malformed sealed value for key " + keyId, e);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryption[" + (development ? "development" : "configured") + "]";
    }

    private static byte[] hkdf(byte[] ikm) {
        return hkdf(HKDF_SALT, ikm, HKDF_INFO);
    }

    /** HKDF-SHA256 (RFC 5869), extract then one expand block: the first 32 bytes of the output. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info);
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
