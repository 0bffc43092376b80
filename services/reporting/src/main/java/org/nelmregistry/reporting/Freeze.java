package org.nelmregistry.reporting;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A data freeze: a named, dated, immutable copy of the analytic store (its rows are in freeze_cases). */
@Entity
@Table(name = "freezes")
public class Freeze {

    @Id
    public UUID id;
    public String name;
    public Instant createdAt;
    public String createdBy;
    /** The form's derived: definitions and the implementation its outcomes were computed by. */
    public String derivationVersion;
    /** Set when a withdrawal removed a case from this freeze. */
    public Instant amendedAt;
}
