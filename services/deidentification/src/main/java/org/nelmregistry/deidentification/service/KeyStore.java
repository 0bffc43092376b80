package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The pseudonymisation key set: one JSON file (mode 600) holding every key id with its secret
 * and which one is current. The file is the backup: copy it somewhere safe after every
 * rotation; restoring it into a fresh instance gives the same pseudonyms for the same
 * identities. Secrets never leave this class except to compute an HMAC.
 */
public final class KeyStore {

    /** A key as others may see it: id and date, never the secret. */
    public record KeyInfo(String id, Instant createdAt, boolean current) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private ObjectNode state;

    private KeyStore(Path file, ObjectNode state) {
        this.file = file;
        this.state = state;
    }

    /** Opens the key set, creating it from the initial key (from configuration) when the file is new. */
    public static KeyStore open(Path file, String initialId, String initialSecret) {
        try {
            if (Files.exists(file)) {
                return new KeyStore(file, (ObjectNode) JSON.readTree(file.toFile()));
            }
            ObjectNode s = JSON.createObjectNode();
            s.put("current", initialId);
            s.putArray("keys").addObject().put("id", initialId).put("secret", initialSecret)
                    .put("created_at", Instant.now().toString());
            KeyStore ks = new KeyStore(file, s);
            ks.save();
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key set", e);
        }
    }

    public synchronized String currentId() {
        return state.path("current").asText();
    }

    public synchronized String currentSecret() {
        String id = currentId();
        for (JsonNode k : state.path("keys")) {
            if (k.path("id").asText().equals(id)) {
                return k.path("secret").asText();
            }
        }
        throw new IllegalStateException("the key set names a current key it does not hold");
    }

    public synchronized List<KeyInfo> list() {
        List<KeyInfo> out = new ArrayList<>();
        for (JsonNode k : state.path("keys")) {
            out.add(new KeyInfo(k.path("id").asText(), Instant.parse(k.path("created_at").asText()),
                    k.path("id").asText().equals(currentId())));
        }
        return out;
    }

    /** Adds a new random 256-bit key and makes it current; the file is replaced atomically. */
    public synchronized KeyInfo rotate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String id = "k" + (state.path("keys").size() + 1) + "-" + Instant.now().getEpochSecond();
        Instant now = Instant.now();
        ObjectNode next = state.deepCopy();
        ((ArrayNode) next.get("keys")).addObject().put("id", id)
                .put("secret", Base64.getEncoder().encodeToString(secret)).put("created_at", now.toString());
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
