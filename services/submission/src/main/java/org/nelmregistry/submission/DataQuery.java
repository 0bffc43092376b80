package org.nelmregistry.submission;

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
    public UUID caseId;
    public String centreId;
    public String pointer;
    public String question;
    public String status;
    public String raisedBy;
    public Instant raisedAt;
    public String answer;
    public String answeredBy;
    public Instant answeredAt;
    public String closedBy;
    public Instant closedAt;
}
