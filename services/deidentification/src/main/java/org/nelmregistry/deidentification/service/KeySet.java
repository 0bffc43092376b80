package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The pseudonymisation key set: one JSON file (mode 600) holding every key id with its two
 * secrets and which one is current. Each key has a <em>linkage</em> secret (keyed hashes of
 * normalised identities, kept in this service only) and a separate <em>pseudonym</em> secret
 * (the published patient pseudonym is a keyed hash of a linkage hash), so a leaked pseudonym
 * list plus one secret cannot be tested against national ids. The file is the backup: copy it
 * after every rotation; restoring it (with the database) gives the same pseudonyms for the same
 * identities. Secrets never leave this class: callers get HMACs.
 */
public final class KeySet {

    /** A key as others may see it: id and date, never a secret. */
    public record KeyInfo(String id, Instant createdAt, boolean current) {
    }

    /** What a keyed hash is for; each purpose has its own secret. */
    public enum Purpose {
        LINKAGE("secret"), PSEUDONYM("pseudonym_secret");

        final String field;

        Purpose(String field) {
            this.field = field;
        }
    }

    /** Marks development secrets and key ids (refused under the prod profile). */
    public static final String DEV_MARK = "dev-only-";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private ObjectNode state;

    private KeySet(Path file, ObjectNode state) {
        this.file = file;
        this.state = state;
    }

    /**
     * Opens the key set, creating it when the file is new: the initial linkage secret from
     * configuration, a random pseudonym secret. A set created from a {@code dev-only-} secret is
     * marked {@code "development": true} for good. A set written before pseudonym secrets existed
     * gets random ones (published patient pseudonyms change: rotate and replay).
     */
    public static KeySet open(Path file, String initialId, String initialSecret) {
        try {
            if (Files.exists(file)) {
                KeySet ks = new KeySet(file, (ObjectNode) JSON.readTree(file.toFile()));
                boolean upgraded = false;
                for (JsonNode k : ks.state.path("keys")) {
                    if (!k.hasNonNull(Purpose.PSEUDONYM.field)) {
                        ((ObjectNode) k).put(Purpose.PSEUDONYM.field, randomSecret());
                        upgraded = true;
                    }
                }
                if (upgraded) {
                    ks.save();
                }
                return ks;
            }
            ObjectNode s = JSON.createObjectNode();
            s.put("current", initialId);
            if (initialSecret.startsWith(DEV_MARK) || initialId.startsWith(DEV_MARK)) {
                s.put("development", true);
            }
            s.putArray("keys").addObject().put("id", initialId).put(Purpose.LINKAGE.field, initialSecret)
                    .put(Purpose.PSEUDONYM.field, randomSecret()).put("created_at", Instant.now().toString());
            KeySet ks = new KeySet(file, s);
            ks.save();
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key set", e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized String currentId() {
        return state.path("current").asText();
    }

    /** HMAC-SHA256 (base64url) of the message under the current key's secret for that purpose. */
    public synchronized String hmac(Purpose purpose, String message) {
        String id = currentId();
        for (JsonNode k : state.path("keys")) {
            if (k.path("id").asText().equals(id)) {
                return hmac(k.path(purpose.field).asText(), message);
            }
        }
        throw new IllegalStateException("the key set names a current key it does not hold");
    }

    /**
     * Whether this set holds development material: marked {@code development}, or a key id or
     * secret starting with {@value #DEV_MARK}. Never says which secret.
     */
    public synchronized boolean development() {
        if (state.path("development").asBoolean(false)) {
            return true;
        }
        for (JsonNode k : state.path("keys")) {
            if (k.path("id").asText().startsWith(DEV_MARK) || k.path(Purpose.LINKAGE.field).asText().startsWith(DEV_MARK)
                    || k.path(Purpose.PSEUDONYM.field).asText().startsWith(DEV_MARK)) {
                return true;
            }
        }
        return false;
    }

    public synchronized List<KeyInfo> list() {
        List<KeyInfo> out = new ArrayList<>();
        for (JsonNode k : state.path("keys")) {
            out.add(new KeyInfo(k.path("id").asText(), Instant.parse(k.path("created_at").asText()),
                    k.path("id").asText().equals(currentId())));
        }
        return out;
    }

    /** Adds a new key (two random 256-bit secrets) and makes it current; the file is replaced atomically. */
    public synchronized KeyInfo rotate() {
        String id = "k" + (state.path("keys").size() + 1) + "-" + Instant.now().getEpochSecond();
        Instant now = Instant.now();
        ObjectNode next = state.deepCopy();
        ((ArrayNode) next.get("keys")).addObject().put("id", id).put(Purpose.LINKAGE.field, randomSecret())
                .put(Purpose.PSEUDONYM.field, randomSecret()).put("created_at", now.toString());
        next.put("current", id);
        ObjectNode before = state;
        state = next;
        try {
            save();
        } catch (IOException e) {
            state = before;
            throw new UncheckedIOException("cannot write the key set", e);
        }
        return new KeyInfo(id, now, true);
    }

    // Mac.getInstance looks the provider up each time: one instance per thread, keyed anew per call
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    static String hmac(String secret, String message) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    private void save() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".keys-", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
