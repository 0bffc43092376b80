package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.nelmregistry.reporting.ExportDownload;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An export as the API shows it: the job, the request, and the audit of what it released.
 * {@code files}, {@code tables} and {@code filters} are null until stored; {@code downloads} is
 * empty in the answer to the request itself.
 */
public record ExportView(String id, org.nelmregistry.common.job.JobState status, long done, long total, String format, List<String> tables,
        Map<String, String> filters, String freeze, String purpose, Integer k, String requestedBy, Instant createdAt,
        Instant finishedAt, Instant expiresAt, boolean expired, List<ExportFile> files, String fileSha256, Long fileBytes,
        List<ExportDownload> downloads, String error) {

    /** One file of the zip: a table's (with its table and row count) or the codebook's and risk report's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportFile(String name, String table, Long rows, String sha256) {
    }
}
