package org.nelmregistry.reporting.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The few JDBC steps the repositories' plain-SQL reads share. */
final class Jdbc {

    private Jdbc() {
    }

    /** A statement with its parameters bound in order, read through a cursor of {@code fetch} rows. */
    static PreparedStatement prepare(Connection conn, String sql, List<Object> params, int fetch) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        ps.setFetchSize(fetch);
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        return ps;
    }

    /** A nullable integer column. */
    static Integer integer(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }
}
