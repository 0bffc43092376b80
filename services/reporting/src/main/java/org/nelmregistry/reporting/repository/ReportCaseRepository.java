package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.reporting.ReportCase;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ReportCaseRepository implements PanacheRepositoryBase<ReportCase, String> {

    /**
     * Stores the record unless a newer revision of the case is already here, so re-delivered
     * or out-of-order records change nothing. Returns whether a row was written.
     */
    public boolean upsert(CaseDeidentified r) {
        return getEntityManager().createNativeQuery("""
                INSERT INTO case_records (case_pseudonym, patient_pseudonym, centre_id, revision, form_version,
                    policy_version, key_id, index_year, index_procedure_type, age_at_index, consent_scope, record, updated_at)
                VALUES (:cp, :pp, :centre, :rev, :fv, :pv, :key, :year, :type, :age, :consent, CAST(:record AS jsonb), :at)
                ON CONFLICT (case_pseudonym) DO UPDATE SET patient_pseudonym = EXCLUDED.patient_pseudonym,
                    centre_id = EXCLUDED.centre_id, revision = EXCLUDED.revision, form_version = EXCLUDED.form_version,
                    policy_version = EXCLUDED.policy_version, key_id = EXCLUDED.key_id, index_year = EXCLUDED.index_year,
                    index_procedure_type = EXCLUDED.index_procedure_type, age_at_index = EXCLUDED.age_at_index,
                    consent_scope = EXCLUDED.consent_scope, record = EXCLUDED.record, updated_at = EXCLUDED.updated_at
                WHERE case_records.revision <= EXCLUDED.revision
                """)
                .setParameter("cp", r.casePseudonym()).setParameter("pp", r.patientPseudonym())
                .setParameter("centre", r.centreId()).setParameter("rev", r.revision())
                .setParameter("fv", r.formVersion()).setParameter("pv", r.policyVersion())
                .setParameter("key", r.keyId()).setParameter("year", r.indexYear())
                .setParameter("type", r.indexProcedureType()).setParameter("age", r.ageAtIndex())
                .setParameter("consent", r.record().path("patient").path("consent_scope").asText(null))
                .setParameter("record", r.record().toString()).setParameter("at", Instant.now())
                .executeUpdate() > 0;
    }

    /** The stored record of a case as it arrived, its row locked for the rest of the transaction. */
    public Optional<CaseDeidentified> lockedRecord(String casePseudonym) {
        ReportCase c = getEntityManager().find(ReportCase.class, casePseudonym, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CaseDeidentified(null, c.casePseudonym, c.patientPseudonym, c.centreId, c.revision,
                    c.updatedAt, c.formVersion, c.policyVersion, c.keyId, c.indexYear, c.indexProcedureType, c.ageAtIndex,
                    (ObjectNode) EventJson.MAPPER.readTree(c.record)));
        } catch (JsonProcessingException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
