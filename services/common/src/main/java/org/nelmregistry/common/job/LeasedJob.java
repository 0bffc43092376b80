package org.nelmregistry.common.job;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;
import java.util.UUID;

/**
 * The columns every job table has (imports and replays, rebuilds, exports): its state and
 * progress, and its lease ({@link LeasedJobs}, {@link JobRunner}).
 */
@MappedSuperclass
public abstract class LeasedJob {

    @Id
    public UUID id;
    @Convert(converter = JobState.Column.class)
    public JobState status;
    public long done;
    public long total;
    public Instant createdAt;
    public Instant finishedAt;
    /** The instance running the job: its lease. */
    public String owner;
    /** Renewed by the owner while the job runs (database clock: set by the database, never by Java). */
    @Column(insertable = false, updatable = false)
    public Instant heartbeatAt;
}
