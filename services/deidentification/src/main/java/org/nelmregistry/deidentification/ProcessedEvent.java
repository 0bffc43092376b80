package org.nelmregistry.deidentification;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Ledger entry: this event was fully processed (its output acknowledged by the broker). */
@Entity
@Table(name = "processed_events")
public class ProcessedEvent {

    @Id
    public UUID eventId;
    public UUID caseId;
    public int revision;
    public String outcome;
    public Instant processedAt;
}
