package org.nelmregistry.reporting;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A rebuild of the analytic store from the compacted de-identified topic; done/total count topic records. */
@Entity
@Table(name = "rebuild_jobs")
public class RebuildJob {

    @Id
    public UUID id;
    @Column(name = "requested_by")
    public String requestedBy;
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
}
