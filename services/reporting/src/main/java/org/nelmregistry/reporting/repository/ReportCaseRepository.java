package org.nelmregistry.reporting.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.reporting.ReportCase;
import org.nelmregistry.reporting.form.FormCodes;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class ReportCaseRepository implements PanacheRepositoryBase<ReportCase, String> {

    /**
     * Stores the record unless a newer revision of the case is already here, so re-delivered
     * or out-of-order records change nothing. Returns whether a row was written.
     */
    public boolean upsert(CaseDeidentified r) {
        return !upsertAll(List.of(r)).isEmpty();
    }

    /**
     * {@link #upsert} for many cases in one statement (a consumer's batch: one round trip, not one per
     * record). The case pseudonyms must be distinct. Returns the pseudonyms of the rows written.
     */
    public Set<String> upsertAll(List<CaseDeidentified> records) {
        int n = records.size();
        String[] cp = new String[n], pp = new String[n], centre = new String[n], key = new String[n], type = new String[n],
                consent = new String[n], record = new String[n];
        Integer[] rev = new Integer[n], fv = new Integer[n], pv = new Integer[n], year = new Integer[n], age = new Integer[n];
        for (int i = 0; i < n; i++) {
            CaseDeidentified r = records.get(i);
            cp[i] = r.casePseudonym();
            pp[i] = r.patientPseudonym();
            centre[i] = r.centreId();
            rev[i] = r.revision();
            fv[i] = r.formVersion();
            pv[i] = r.policyVersion();
            key[i] = r.keyId();
            year[i] = r.indexYear();
            type[i] = r.indexProcedureType();
            age[i] = r.ageAtIndex();
            consent[i] = FormCodes.CONSENT_SCOPE.text(r.record());
            record[i] = r.record().toString();
        }
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        return getEntityManager().unwrap(Session.class).doReturningWork(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("""
                    INSERT INTO case_records (case_pseudonym, patient_pseudonym, centre_id, revision, form_version,
                        policy_version, key_id, index_year, index_procedure_type, age_at_index, consent_scope, record, updated_at)
                    SELECT u.cp, u.pp, u.centre, u.rev, u.fv, u.pv, u.key, u.year, u.type, u.age, u.consent, CAST(u.record AS jsonb), ?
                      FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::int[], ?::int[], ?::int[], ?::varchar[], ?::int[],
                                  ?::varchar[], ?::int[], ?::varchar[], ?::text[])
                           AS u(cp, pp, centre, rev, fv, pv, key, year, type, age, consent, record)
                    ON CONFLICT (case_pseudonym) DO UPDATE SET patient_pseudonym = EXCLUDED.patient_pseudonym,
                        centre_id = EXCLUDED.centre_id, revision = EXCLUDED.revision, form_version = EXCLUDED.form_version,
                        policy_version = EXCLUDED.policy_version, key_id = EXCLUDED.key_id, index_year = EXCLUDED.index_year,
                        index_procedure_type = EXCLUDED.index_procedure_type, age_at_index = EXCLUDED.age_at_index,
                        consent_scope = EXCLUDED.consent_scope, record = EXCLUDED.record, updated_at = EXCLUDED.updated_at
                    WHERE case_records.revision <= EXCLUDED.revision
                    RETURNING case_pseudonym
                    """)) {
                int i = 0;
                ps.setObject(++i, at);
                ps.setArray(++i, conn.createArrayOf("varchar", cp));
                ps.setArray(++i, conn.createArrayOf("varchar", pp));
                ps.setArray(++i, conn.createArrayOf("varchar", centre));
                ps.setArray(++i, conn.createArrayOf("int4", rev));
                ps.setArray(++i, conn.createArrayOf("int4", fv));
                ps.setArray(++i, conn.createArrayOf("int4", pv));
                ps.setArray(++i, conn.createArrayOf("varchar", key));
                ps.setArray(++i, conn.createArrayOf("int4", year));
                ps.setArray(++i, conn.createArrayOf("varchar", type));
                ps.setArray(++i, conn.createArrayOf("int4", age));
                ps.setArray(++i, conn.createArrayOf("varchar", consent));
                ps.setArray(++i, conn.createArrayOf("text", record));
                Set<String> written = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        written.add(rs.getString(1));
                    }
                }
                return written;
            }
        });
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
