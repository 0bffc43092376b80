package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;
import org.nelmregistry.deidentification.config.PseudonymKeyConfig;
import org.nelmregistry.deidentification.repository.KeySetRepository;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pseudonymisation key set, stored in this service's database and shared by every instance.
 * Each key has a <em>linkage</em> secret (keyed hashes of normalised identities, kept in this
 * service only) and a separate <em>pseudonym</em> secret (the published patient pseudonym is a
 * keyed hash of a linkage hash), so a leaked pseudonym list plus one secret cannot be tested
 * against national ids. The secrets are stored sealed ({@link KeyEncryption}: AES-256-GCM under
 * the configured key-encryption key); in clear they exist only inside this object. Callers get
 * HMACs, key ids and dates.
 * <p>
 * Every instance holds a decrypted copy and checks the stored version at most once per refresh
 * interval; a rotation committed by another instance is read then. One transaction (a consumer
 * batch) uses one copy throughout, so its records never mix two keys.
 */
public final class KeySet {

    /** A key as others may see it: id and date, never a secret. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "Key", description = "A pseudonymisation key: id, creation time, whether current")
    public record KeyInfo(String id, Instant createdAt, boolean current) {
    }

    /** What a keyed hash is for; each purpose has its own secret. */
    public enum Purpose {
        LINKAGE("secret"), PSEUDONYM("pseudonym_secret");

        /** The field of the secret in a key's sealed payload and in the key set file of earlier versions. */
        final String field;

        Purpose(String field) {
            this.field = field;
        }
    }

    /** Marks development secrets, key ids and KEKs (refused under the prod profile). */
    public static final String DEV_MARK = "dev-only-";

    private static final Logger LOG = Logger.getLogger(KeySet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key with its secrets in clear: never leaves this class. */
    private record Key(String id, Instant createdAt, byte[] linkage, byte[] pseudonym, boolean development) {
        byte[] secret(Purpose p) {
            return p == Purpose.LINKAGE ? linkage : pseudonym;
        }
    }

    /** One consistent copy of the set. */
    private record State(long version, List<Key> keys, Key current) {
    }

    private final KeySetRepository repository;
    private final KeyEncryption kek;
    private final long refreshNanos;
    private final TransactionSynchronizationRegistry transactions;
    // decrypted keys by id: keys never change once written, so only new ones are opened
    private final Map<String, Key> opened = new HashMap<>();
    private final AtomicLong nextCheck = new AtomicLong();
    private volatile State state;

    private KeySet(KeySetRepository repository, KeyEncryption kek, Duration refresh, TransactionSynchronizationRegistry transactions) {
        this.repository = repository;
        this.kek = kek;
        this.refreshNanos = refresh.toNanos();
        this.transactions = transactions;
    }

    /**
     * Opens the stored key set. When the database holds none: imports the key set file of an
     * earlier version if {@code importFile} exists (once; the file is not read again), otherwise
     * creates the first key from configuration ({@code initialId}, the linkage secret
     * {@code initialSecret}, a random pseudonym secret; marked development when either is
     * {@value #DEV_MARK}). Two instances starting at once create one set. Every stored key is
     * decrypted here, so a wrong KEK fails now ({@link KeyEncryption.KekException}), never
     * creating keys.
     *
     * @param transactions to give a whole transaction one copy of the set; null outside a container
     */
    public static KeySet open(KeySetRepository repository, KeyEncryption kek, Optional<Path> importFile, String initialId,
            String initialSecret, Duration refresh, TransactionSynchronizationRegistry transactions) {
        KeySet ks = new KeySet(repository, kek, refresh, transactions);
        KeySetRepository.Created c = repository.createIfEmpty(() -> importFile.filter(Files::isRegularFile)
                .map(f -> ks.sealAll(readFile(f)))
                .orElseGet(() -> ks.sealAll(new FileSet(initialId, List.of(new FileKey(initialId, initialSecret, randomSecret(),
                        Instant.now(), initialSecret.startsWith(DEV_MARK) || initialId.startsWith(DEV_MARK)))))));
        if (c.created()) {
            importFile.filter(Files::isRegularFile).ifPresentOrElse(
                    f -> LOG.infof("imported the pseudonymisation key set file %s (%d keys) into the database; the file is no longer"
                            + " read: keep it offline as a backup or delete it", f, c.stored().keys().size()),
                    () -> LOG.infof("created the pseudonymisation key set in the database with key %s", initialId));
        }
        ks.state = ks.decrypt(c.stored());
        ks.nextCheck.set(System.nanoTime() + ks.refreshNanos);
        return ks;
    }

    /** Opens the stored key set as configured (see {@link PseudonymKeyConfig}). */
    public static KeySet open(PseudonymKeyConfig config, KeySetRepository repository, TransactionSynchronizationRegistry transactions) {
        return open(repository, KeyEncryption.fromConfig(config.kek(), config.kekFile()), config.keystore().map(Path::of), config.keyId(),
                config.key(), config.refreshInterval(), transactions);
    }

    public String currentId() {
        return state().current().id();
    }

    /** HMAC-SHA256 (base64url) of the message under the current key's secret for that purpose. */
    public String hmac(Purpose purpose, String message) {
        return hmac(state().current().secret(purpose), message);
    }

    /**
     * Whether this set holds development material: a key created in a development set (the mark
     * is sealed with the key), or a key id or secret starting with {@value #DEV_MARK}. Never says
     * which secret.
     */
    public boolean development() {
        for (Key k : state().keys()) {
            if (k.development() || k.id().startsWith(DEV_MARK) || startsWithMark(k.linkage()) || startsWithMark(k.pseudonym())) {
                return true;
            }
        }
        return false;
    }

    public List<KeyInfo> list() {
        State s = state();
        return s.keys().stream().map(k -> new KeyInfo(k.id(), k.createdAt(), k == s.current())).toList();
    }

    /**
     * Adds a key (two random 256-bit secrets) and makes it current, for every instance: they read
     * it at their next version check. Safe when two instances rotate at once (each adds a key).
     */
    public KeyInfo rotate() {
        Instant now = Instant.now();
        boolean dev = development();
        KeySetRepository.Stored stored = repository.rotate(seq -> {
            String id = "k" + seq + "-" + now.getEpochSecond();
            return seal(new FileKey(id, randomSecret(), randomSecret(), now, dev), seq);
        });
        State rotated = decrypt(stored);
        synchronized (this) {
            if (rotated.version() > state.version()) {
                state = rotated;
            }
        }
        return new KeyInfo(rotated.current().id(), rotated.current().createdAt(), true);
    }

    /** Reads the stored set again now if its version changed (what the periodic check does). */
    public void refresh() {
        OptionalLong v = repository.version();
        State s = state;
        if (v.isPresent() && v.getAsLong() > s.version()) {
            repository.load().ifPresent(stored -> {
                synchronized (this) {
                    // only forward: a read that raced a local rotation never brings an older set back
                    if (stored.version() > state.version()) {
                        state = decrypt(stored);
                        LOG.infof("pseudonymisation key set version %d read: current key %s", stored.version(), state.current().id());
                    }
                }
            });
        }
    }

    private State state() {
        TransactionSynchronizationRegistry tsr = transactions;
        boolean inTransaction = tsr != null && tsr.getTransactionKey() != null;
        if (inTransaction) {
            State pinned = (State) tsr.getResource(this);
            if (pinned != null) {
                return pinned;
            }
        }
        long due = nextCheck.get();
        long now = System.nanoTime();
        // one thread checks per interval; the others go on with the copy they have
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + refreshNanos)) {
            try {
                if (inTransaction) {
                    // outside the caller's transaction: a failed check must not abort a consumer's batch
                    io.quarkus.narayana.jta.QuarkusTransaction.suspendingExisting().run(this::refresh);
                } else {
                    refresh();
                }
            } catch (RuntimeException e) {
                LOG.warnf("pseudonymisation key set version check failed (%s); going on with version %d", e.getClass().getSimpleName(),
                        state.version());
            }
        }
        State s = state;
        if (inTransaction) {
            try {
                tsr.putResource(this, s);
            } catch (IllegalStateException notActive) {
                // a transaction already marked for rollback: nothing of it is kept, no copy to pin
            }
        }
        return s;
    }

    private State decrypt(KeySetRepository.Stored stored) {
        List<Key> keys = new ArrayList<>();
        Key current = null;
        synchronized (opened) {
            for (KeySetRepository.StoredKey sk : stored.keys()) {
                Key k = opened.get(sk.id());
                if (k == null) {
                    k = unseal(sk);
                    opened.put(sk.id(), k);
                }
                keys.add(k);
                if (k.id().equals(stored.currentId())) {
                    current = k;
                }
            }
        }
        if (current == null) {
            throw new IllegalStateException("the stored key set names a current key it does not hold");
        }
        return new State(stored.version(), List.copyOf(keys), current);
    }

    private Key unseal(KeySetRepository.StoredKey sk) {
        byte[] plain = kek.open(sk.id(), new KeyEncryption.Sealed(sk.nonce(), sk.sealed()));
        try {
            JsonNode p = JSON.readTree(plain);
            return new Key(sk.id(), sk.createdAt(), p.path(Purpose.LINKAGE.field).asText().getBytes(StandardCharsets.UTF_8),
                    p.path(Purpose.PSEUDONYM.field).asText().getBytes(StandardCharsets.UTF_8), p.path("development").asBoolean(false));
        } catch (IOException e) {
            throw new IllegalStateException("the sealed secrets of key " + sk.id() + " are not readable");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /** A key with its secrets as strings, as in the key set file of earlier versions. */
    record FileKey(String id, String linkage, String pseudonym, Instant createdAt, boolean development) {
    }

    /** A key set file of earlier versions. */
    record FileSet(String current, List<FileKey> keys) {
    }

    private KeySetRepository.Initial sealAll(FileSet set) {
        List<KeySetRepository.StoredKey> keys = new ArrayList<>();
        for (FileKey k : set.keys()) {
            keys.add(seal(k, keys.size() + 1));
        }
        return new KeySetRepository.Initial(keys, set.current());
    }

    private KeySetRepository.StoredKey seal(FileKey k, int seq) {
        ObjectNode payload = JSON.createObjectNode().put(Purpose.LINKAGE.field, k.linkage()).put(Purpose.PSEUDONYM.field, k.pseudonym())
                .put("development", k.development());
        byte[] plain = payload.toString().getBytes(StandardCharsets.UTF_8);
        KeyEncryption.Sealed s = kek.seal(k.id(), plain);
        java.util.Arrays.fill(plain, (byte) 0);
        return new KeySetRepository.StoredKey(k.id(), seq, k.createdAt(), s.nonce(), s.ciphertext());
    }

    /**
     * Reads a key set file of earlier versions ({@code current}, {@code development}, {@code keys}
     * with {@code id}, {@code secret}, {@code pseudonym_secret}, {@code created_at}). A key without
     * a pseudonym secret gets a random one, as opening such a file always did.
     */
    static FileSet readFile(Path file) {
        try {
            JsonNode s = JSON.readTree(file.toFile());
            boolean dev = s.path("development").asBoolean(false);
            List<FileKey> keys = new ArrayList<>();
            for (JsonNode k : s.path("keys")) {
                String pseudonym = k.hasNonNull(Purpose.PSEUDONYM.field) ? k.path(Purpose.PSEUDONYM.field).asText() : randomSecret();
                keys.add(new FileKey(k.path("id").asText(), k.path(Purpose.LINKAGE.field).asText(), pseudonym,
                        Instant.parse(k.path("created_at").asText()), dev));
            }
            String current = s.path("current").asText();
            if (keys.stream().noneMatch(k -> k.id().equals(current))) {
                throw new IllegalStateException("the key set file " + file + " names a current key it does not hold");
            }
            return new FileSet(current, keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key set file " + file, e);
        }
    }

    private static boolean startsWithMark(byte[] secret) {
        byte[] mark = DEV_MARK.getBytes(StandardCharsets.UTF_8);
        return secret.length >= mark.length && java.util.Arrays.equals(secret, 0, mark.length, mark, 0, mark.length);
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
        return hmac(secret.getBytes(StandardCharsets.UTF_8), message);
    }

    private static String hmac(byte[] secret, String message) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return java.util.Base64.getEncoder().encodeToString(secret);
    }
}
