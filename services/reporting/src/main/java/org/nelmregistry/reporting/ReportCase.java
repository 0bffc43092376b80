package org.nelmregistry.reporting;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** The latest de-identified record of a case. */
@Entity
@Table(name = "case_records")
public class ReportCase {

    @Id
    public String casePseudonym;
    public String patientPseudonym;
    public String centreId;
    public int revision;
    public int formVersion;
    public int policyVersion;
    public String keyId;
    public Integer indexYear;
    public String indexProcedureType;
    public Integer ageAtIndex;
    public String consentScope;
    @JdbcTypeCode(SqlTypes.JSON)
    public String record;
    public Instant updatedAt;
}
