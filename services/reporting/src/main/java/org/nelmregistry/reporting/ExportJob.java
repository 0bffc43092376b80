package org.nelmregistry.reporting;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/**
 * An analyst's export: the request (format, tables, filters, freeze, purpose, k), the job's progress,
 * and the audit of what it released (row counts and SHA-256 of each file, the codebook, the risk
 * report). The file itself is on disk under {@code registry.exports.directory}, until it expires.
 */
@Entity
@Table(name = "export_jobs")
public class ExportJob {

    @Id
    public UUID id;
    @Column(name = "requested_by")
    public String requestedBy;
    public String format;
    @jakarta.persistence.Convert(converter = org.nelmregistry.common.job.JobState.Column.class)
    public org.nelmregistry.common.job.JobState status;
    public long done;
    public long total;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    public String error;
    /** The instance running the job (its lease: common JobRunner). */
    public String owner;
    /** Renewed by the owner while the job runs (database clock: set by the database, never by Java). */
    @Column(name = "heartbeat_at", insertable = false, updatable = false)
    public Instant heartbeatAt;
    /** JSON array of table names */
    @JdbcTypeCode(SqlTypes.JSON)
    public String tables;
    /** JSON object of the filters as given (checked) */
    @JdbcTypeCode(SqlTypes.JSON)
    public String filters;
    @Column(name = "freeze_name")
    public String freezeName;
    public String purpose;
    public Integer k;
    /** when the file is deleted (a withdrawal of a case it holds brings this forward to now) */
    @Column(name = "expires_at")
    public Instant expiresAt;
    /** when the file was deleted */
    @Column(name = "expired_at")
    public Instant expiredAt;
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "file_sha256")
    public String fileSha256;
    @Column(name = "file_bytes")
    public Long fileBytes;
    /** JSON array of {name, table, rows, sha256} */
    @JdbcTypeCode(SqlTypes.JSON)
    public String files;
    /** the codebook (JSON), as served at /codebook */
    @JdbcTypeCode(SqlTypes.JSON)
    public String codebook;
    /** the release-risk report (JSON), as in the file's risk.json */
    @JdbcTypeCode(SqlTypes.JSON)
    public String risk;

    public boolean expired(Instant now) {
        return expiredAt != null || (expiresAt != null && !expiresAt.isAfter(now));
    }
}
