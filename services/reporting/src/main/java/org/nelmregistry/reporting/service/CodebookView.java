package org.nelmregistry.reporting.service;

import java.util.List;
import java.util.Map;

/**
 * An export's codebook as served at {@code /api/v1/exports/{id}/codebook} and written to its
 * {@code codebook.json}: what the export was taken from, and every column of every exported table.
 */
public record CodebookView(Map<String, Object> export, List<Column> columns) {

    /** A column: type, unit, allowed values with labels, privacy class, and how it was derived. */
    public record Column(String table, String column, String type, String unit, List<Value> values, String privacy,
            String derivation) {
    }

    public record Value(String code, String label) {
    }
}
