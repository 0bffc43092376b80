package org.nelmregistry.deidentification.repository;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Plain JDBC on the connection of the current transaction, for the batch statements: one
 * statement over arrays ({@code unnest}) instead of a statement per row.
 */
final class Jdbc {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Jdbc() {
    }

    static <T> T run(EntityManager em, Work<T> work) {
        return em.unwrap(Session.class).doReturningWork(work::run);
    }

    static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    static Array uuids(Connection c, Collection<java.util.UUID> values) throws SQLException {
        return c.createArrayOf("uuid", values.toArray());
    }

    static Array ints(Connection c, Collection<Integer> values) throws SQLException {
        return c.createArrayOf("int4", values.toArray());
    }
}
