package org.nelmregistry.reporting;

import jakarta.persistence.Column;
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
    @Column(name = "case_pseudonym")
    public String casePseudonym;
    @Column(name = "patient_pseudonym")
    public String patientPseudonym;
    @Column(name = "centre_id")
    public String centreId;
    public int revision;
    @Column(name = "form_version")
    public int formVersion;
    @Column(name = "policy_version")
    public int policyVersion;
    @Column(name = "key_id")
    public String keyId;
    @Column(name = "index_year")
    public Integer indexYear;
    @Column(name = "index_procedure_type")
    public String indexProcedureType;
    @Column(name = "age_at_index")
    public Integer ageAtIndex;
    @Column(name = "consent_scope")
    public String consentScope;
    @JdbcTypeCode(SqlTypes.JSON)
    public String record;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
