package org.nelmregistry.submission;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A data manager's question on one field of a case: open -> answered -> closed. */
@Entity
@Table(name = "data_queries")
public class DataQuery {

    public static final String OPEN = "open";
    public static final String ANSWERED = "answered";
    public static final String CLOSED = "closed";

    @Id
    public UUID id;
    @Column(name = "case_id")
    public UUID caseId;
    @Column(name = "centre_id")
    public String centreId;
    public String pointer;
    public String question;
    public String status;
    @Column(name = "raised_by")
    public String raisedBy;
    @Column(name = "raised_at")
    public Instant raisedAt;
    public String answer;
    @Column(name = "answered_by")
    public String answeredBy;
    @Column(name = "answered_at")
    public Instant answeredAt;
    @Column(name = "closed_by")
    public String closedBy;
    @Column(name = "closed_at")
    public Instant closedAt;
}
