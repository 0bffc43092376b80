package org.nelmregistry.deidentification.repository;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The stored key set (V7): sealed keys and the one row naming the current key and its version.
 * Only sealed values pass through here; encryption is {@code service/KeyEncryption}'s. Writes run
 * in a transaction of their own, whatever the caller is in.
 */
@ApplicationScoped
public class KeySetRepository {

    /** A key as stored: secrets sealed (nonce, ciphertext + GCM tag). */
    public record StoredKey(String id, int seq, Instant createdAt, byte[] nonce, byte[] sealed) {
    }

    /** The whole stored set: version, current key id, keys in creation order. */
    public record Stored(long version, String currentId, List<StoredKey> keys) {
    }

    @Inject
    DataSource dataSource;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(Work<T> work) {
        // inside a caller's transaction the pool hands out that transaction's connection
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("key set query failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** The set's version: one indexed single-row read, for the instances' change check; empty before the set exists. */
    public OptionalLong version() {
        return withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version FROM pseudonym_key_set")) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    /** The stored set, or empty when there is none yet. */
    public Optional<Stored> load() {
        return withConnection(KeySetRepository::load);
    }

    private static Optional<Stored> load(Connection c) throws SQLException {
        long version;
        String current;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version, current_key_id FROM pseudonym_key_set")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            version = rs.getLong(1);
            current = rs.getString(2);
        }
        // read after the set row: a rotation inserts its key before it moves the current key, so the current key is here
        List<StoredKey> keys = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT key_id, seq, created_at, nonce, sealed FROM pseudonym_keys ORDER BY seq")) {
            while (rs.next()) {
                keys.add(new StoredKey(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant(), rs.getBytes(4), rs.getBytes(5)));
            }
        }
        return Optional.of(new Stored(version, current, keys));
    }

    /**
     * Writes the first key set when there is none: the tables are locked against a second
     * instance doing the same at once (it waits, then finds the set and writes nothing).
     * {@code initial} is asked only when the set is empty. Returns the stored set and whether
     * this call created it.
     */
    public Created createIfEmpty(Supplier<Initial> initial) {
        return QuarkusTransaction.requiringNew().call(() -> withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("LOCK TABLE pseudonym_keys, pseudonym_key_set IN SHARE ROW EXCLUSIVE MODE");
            }
            Optional<Stored> existing = load(c);
            if (existing.isPresent()) {
                return new Created(existing.get(), false);
            }
            Initial init = initial.get();
            for (StoredKey k : init.keys()) {
                insert(c, k);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pseudonym_key_set (current_key_id, version) VALUES (?, 1)")) {
                ps.setString(1, init.currentId());
                ps.executeUpdate();
            }
            return new Created(load(c).orElseThrow(), true);
        }));
    }

    /** The first key set to store. */
    public record Initial(List<StoredKey> keys, String currentId) {
    }

    /** The set after {@link #createIfEmpty}, and whether that call wrote it. */
    public record Created(Stored stored, boolean created) {
    }

    /**
     * Adds a key and makes it current, in one transaction holding the set row's lock: two
     * rotations at once run one after the other, each adding its own key (the later one ends
     * current). {@code newKey} gets the next sequence number.
     */
    public Stored rotate(IntFunction<StoredKey> newKey) {
        return QuarkusTransaction.requiringNew().call(() -> withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version FROM pseudonym_key_set FOR UPDATE")) {
                if (!rs.next()) {
                    throw new IllegalStateException("no key set stored to rotate");
                }
            }
            int seq;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) + 1 FROM pseudonym_keys")) {
                rs.next();
                seq = rs.getInt(1);
            }
            StoredKey k = newKey.apply(seq);
            insert(c, k);
            try (PreparedStatement ps = c.prepareStatement("UPDATE pseudonym_key_set SET current_key_id = ?, version = version + 1")) {
                ps.setString(1, k.id());
                ps.executeUpdate();
            }
            return load(c).orElseThrow();
        }));
    }

    private static void insert(Connection c, StoredKey k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pseudonym_keys (key_id, seq, created_at, nonce, sealed) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, k.id());
            ps.setInt(2, k.seq());
            ps.setTimestamp(3, Timestamp.from(k.createdAt()));
            ps.setBytes(4, k.nonce());
            ps.setBytes(5, k.sealed());
            ps.executeUpdate();
        }
    }
}
