package org.nelmregistry.deidentification;

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
    public UUID caseId;
    public String casePseudonym;
    public Instant createdAt;
}
