package org.nelmregistry.submission;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One stored revision of a case (the first is the submission). */
@Entity
@Table(name = "case_revisions")
public class CaseRevision {

    @Embeddable
    public record Key(UUID caseId, int revision) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    /** The case as it was at this revision; written once, never changed. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public ObjectNode data;
    public Instant changedAt;
    public String changedBy;
}
