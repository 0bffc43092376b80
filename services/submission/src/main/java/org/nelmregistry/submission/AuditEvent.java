package org.nelmregistry.submission;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Who read or changed which case, when. Holds no case content. */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Instant at;
    public String actor;
    public String action;
    public UUID caseId;
    public String centreId;
    /** What kind of change or read, never a value of the case. */
    public String detail;
}
