package org.nelmregistry.reporting;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** One report request: who (a user, never a patient), which report, its query parameters, when. */
@Entity
@Table(name = "report_audit")
public class ReportAudit {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String userId;
    public String report;
    /** The query parameters as a JSON object: name → value, or an array when a name was repeated. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String parameters;
    public Instant requestedAt;
}
