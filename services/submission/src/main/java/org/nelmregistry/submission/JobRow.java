package org.nelmregistry.submission;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.util.UUID;

/** The result of one row of an import: outcome, case, and problem details (never values). */
@Entity
@Table(name = "job_rows")
public class JobRow {

    @Embeddable
    public record Key(UUID jobId, int rowNo) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public String outcome;
    public UUID caseId;
    @JdbcTypeCode(SqlTypes.JSON)
    public com.fasterxml.jackson.databind.JsonNode errors;
}
