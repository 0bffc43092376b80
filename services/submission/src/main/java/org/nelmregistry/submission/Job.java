package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.nelmregistry.common.job.LeasedJob;


/** A long job (import, replay) with progress; it runs on the instance that took the request (its lease). */
@Entity
@Table(name = "jobs")
public class Job extends LeasedJob {

    public String kind;
    public String centreId;
    public String createdBy;
    /** Counts by outcome (created, updated, unchanged, rejected) or other totals. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode summary = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
}
