package org.nelmregistry.reporting;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An analyst's extract: the job, its file, and the audit of who took it. */
@Entity
@Table(name = "export_jobs")
public class ExportJob {

    @Id
    public UUID id;
    @Column(name = "requested_by")
    public String requestedBy;
    public String format;
    public String status;
    public int done;
    public int total;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "content_type")
    public String contentType;
    @Basic(fetch = FetchType.LAZY)
    public byte[] content;
    public String error;
}
