package org.nelmregistry.deidentification.service;

import io.quarkus.narayana.jta.QuarkusTransaction;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored key set tables as raw rows, for tests that need them empty: saved before, emptied,
 * and put back afterwards exactly (same version), so the application's own key set goes on
 * unchanged for the tests that follow.
 */
public final class KeySetTables {

    private record Row(String id, int seq, java.sql.Timestamp createdAt, byte[] nonce, byte[] sealed) {
    }

    private final DataSource db;
    private final List<Row> keys = new ArrayList<>();
    private String current;
    private long version;

    private KeySetTables(DataSource db) {
        this.db = db;
    }

    /** Saves the rows and empties both tables. */
    public static KeySetTables saveAndEmpty(DataSource db) {
        KeySetTables t = new KeySetTables(db);
        QuarkusTransaction.requiringNew().run(() -> t.sql(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("LOCK TABLE pseudonym_keys, pseudonym_key_set IN ACCESS EXCLUSIVE MODE");
                try (ResultSet rs = st.executeQuery("SELECT current_key_id, version FROM pseudonym_key_set")) {
                    if (rs.next()) {
                        t.current = rs.getString(1);
                        t.version = rs.getLong(2);
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT key_id, seq, created_at, nonce, sealed FROM pseudonym_keys")) {
                    while (rs.next()) {
                        t.keys.add(new Row(rs.getString(1), rs.getInt(2), rs.getTimestamp(3), rs.getBytes(4), rs.getBytes(5)));
                    }
                }
                st.execute("DELETE FROM pseudonym_key_set");
                st.execute("DELETE FROM pseudonym_keys");
            }
        }));
        return t;
    }

    /** Puts the saved rows back in place of whatever the test left. */
    public void restore() {
        QuarkusTransaction.requiringNew().run(() -> sql(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM pseudonym_key_set");
                st.execute("DELETE FROM pseudonym_keys");
            }
            for (Row r : keys) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO pseudonym_keys (key_id, seq, created_at, nonce, sealed) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, r.id());
                    ps.setInt(2, r.seq());
                    ps.setTimestamp(3, r.createdAt());
                    ps.setBytes(4, r.nonce());
                    ps.setBytes(5, r.sealed());
                    ps.executeUpdate();
                }
            }
            if (current != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO pseudonym_key_set (current_key_id, version) VALUES (?, ?)")) {
                    ps.setString(1, current);
                    ps.setLong(2, version);
                    ps.executeUpdate();
                }
            }
        }));
    }

    interface Work {
        void run(Connection c) throws SQLException;
    }

    private void sql(Work w) {
        try (Connection c = db.getConnection()) {
            w.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
