package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.nelmregistry.common.job.JobState;

import java.time.Instant;
import java.util.UUID;

/** A long job (import, replay) with progress; it runs on the instance that took the request (its lease). */
@Entity
@Table(name = "jobs")
public class Job {

    @Id
    public UUID id;
    public String kind;
    @Convert(converter = JobState.Column.class)
    public JobState status;
    public int done;
    public int total;
    @Column(name = "centre_id")
    public String centreId;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    /** The instance running the job (its lease: common JobRunner). */
    public String owner;
    /** Renewed by the owner while the job runs (database clock: set by the database, never by Java). */
    @Column(name = "heartbeat_at", insertable = false, updatable = false)
    public Instant heartbeatAt;
    /** Counts by outcome (created, updated, unchanged, rejected) or other totals. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode summary = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
}
