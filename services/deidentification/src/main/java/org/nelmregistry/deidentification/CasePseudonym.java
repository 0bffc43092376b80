package org.nelmregistry.deidentification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The random pseudonym of a case, assigned once and never changed (not even by key rotation). */
@Entity
@Table(name = "case_pseudonyms")
public class CasePseudonym {

    @Id
    @Column(name = "case_id")
    public UUID caseId;
    @Column(name = "case_pseudonym")
    public String casePseudonym;
    @Column(name = "created_at")
    public Instant createdAt;
}
