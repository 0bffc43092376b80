package org.nelmregistry.reporting;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.nelmregistry.common.job.LeasedJob;

import java.time.Instant;

/**
 * An analyst's export: the request (format, tables, filters, freeze, purpose, k), the job's progress,
 * and the audit of what it released (row counts and SHA-256 of each file, the codebook, the risk
 * report). The file itself is on disk under {@code registry.exports.directory}, until it expires.
 */
@Entity
@Table(name = "export_jobs")
public class ExportJob extends LeasedJob {

    public String requestedBy;
    public String format;
    public String error;
    /** JSON array of table names */
    @JdbcTypeCode(SqlTypes.JSON)
    public String tables;
    /** JSON object of the filters as given (checked) */
    @JdbcTypeCode(SqlTypes.JSON)
    public String filters;
    public String freezeName;
    public String purpose;
    public Integer k;
    /** when the file is deleted (a withdrawal of a case it holds brings this forward to now) */
    public Instant expiresAt;
    /** when the file was deleted */
    public Instant expiredAt;
    public String fileName;
    public String fileSha256;
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
