package org.nelmregistry.submission;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.time.Instant;
import java.util.UUID;

/** A centre's case with its identities: the current revision. */
@Entity
@Table(name = "cases")
public class CaseRecord {

    public static final String ACTIVE = "active";
    public static final String WITHDRAWN = "withdrawn";

    @Id
    public UUID id;
    public String centreId;
    /** The centre's reference; null once withdrawn, so that no centre value can address a tombstone. */
    public String localRef;
    public int revision;
    public String status = ACTIVE;
    public int formVersion;
    /**
     * The case as JSON: CRF sections keyed by section code, parsed once when the row is read.
     * Replaced, never changed in place (immutable to Hibernate: no snapshot copy of every case read).
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public ObjectNode data;
    /** Rule warnings (e.g. R9) as problem errors: a data-quality flag each. Replaced, never changed in place. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public JsonNode qualityFlags = JsonNodeFactory.instance.arrayNode();
    /** Share of the optional fields that are filled in (0..1). */
    public java.math.BigDecimal completeness = java.math.BigDecimal.ZERO;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "procedure_types")
    public String[] procedureTypes = new String[0];
    public java.time.LocalDate firstProcedureDate;
    public Instant createdAt;
    public String createdBy;
    public Instant updatedAt;
    public String updatedBy;
    /** When consent was withdrawn (status withdrawn); a withdrawn case is final. */
    public Instant withdrawnAt;

    public boolean withdrawn() {
        return WITHDRAWN.equals(status);
    }
}
