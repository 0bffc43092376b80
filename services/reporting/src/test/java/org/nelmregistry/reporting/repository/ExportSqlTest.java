package org.nelmregistry.reporting.repository;

import org.junit.jupiter.api.Test;
import org.nelmregistry.reporting.export.ExportTables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each table of an export names the stored record once per row: PostgreSQL decompresses a record
 * (pglz, about 1.4 KB) for every expression that reads it, so one mention is one decompression.
 */
class ExportSqlTest {

    @Test
    void everyTableReadsTheRecordOncePerRow() {
        ExportTables tables = ExportTables.current();
        for (String table : tables.names()) {
            for (boolean freeze : new boolean[] {false, true}) {
                String sql = ExportRepository.tableSql(table, tables.columns(table), freeze);
                String record = freeze ? "a.record" : "r.record";
                assertEquals(1, occurrences(sql, record), table + (freeze ? " (freeze)" : "") + ": " + sql);
                assertTrue(sql.contains("jsonb_to_record(" + record + ")"), sql);
            }
        }
    }

    private static int occurrences(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
