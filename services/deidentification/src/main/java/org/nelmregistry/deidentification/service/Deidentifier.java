package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.nelmregistry.contracts.IndexProcedure;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Privacy;
import org.nelmregistry.contracts.event.CaseDeidentified;

import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.UUID;

/** Turns one identifiable case into its de-identified record. */
@ApplicationScoped
public class Deidentifier {

    /** The centre id's length everywhere it is stored (submission's cases, released_records, reporting). */
    static final int MAX_CENTRE_ID = 32;

    @Inject
    DeidentificationPolicy policy;
    @Inject
    PatientPseudonymiser pseudonymiser;

    /** Thrown for a case that cannot be de-identified (reason is safe to log: no values). */
    public static class Unprocessable extends RuntimeException {
        public Unprocessable(String reason) {
            super(reason, null, false, false);
        }
    }

    public CaseDeidentified deidentify(String casePseudonym, String patientPseudonym, String centreId, int revision,
            int formVersion, ObjectNode caseData) {
        try {
            return compute(casePseudonym, patientPseudonym, centreId, revision, formVersion, caseData);
        } catch (Unprocessable e) {
            throw e;
        } catch (RuntimeException e) {
            // a pure computation: whatever fails here fails again on re-delivery
            throw new Unprocessable("cannot de-identify (" + e.getClass().getSimpleName() + ")");
        }
    }

    private CaseDeidentified compute(String casePseudonym, String patientPseudonym, String centreId, int revision,
            int formVersion, ObjectNode caseData) {
        if (caseData == null || !caseData.path(FormFields.PATIENT).isObject()) {
            throw new Unprocessable("case body missing");
        }
        // what the released record's columns would refuse, refused here with a reason (the
        // database's refusal is only a fallback: it dead-letters with nothing but the SQLSTATE)
        if (centreId == null || centreId.isBlank() || centreId.length() > MAX_CENTRE_ID) {
            throw new Unprocessable("centre_id: required, at most " + MAX_CENTRE_ID + " characters");
        }
        JsonNode procedures = caseData.path(FormFields.PROCEDURES);
        OptionalInt index = IndexProcedure.of(procedures);
        if (index.isEmpty()) {
            throw new Unprocessable("no dated procedure: the index procedure is undefined");
        }
        JsonNode indexProcedure = procedures.get(index.getAsInt());
        LocalDate indexDate = LocalDate.parse(indexProcedure.path(FormFields.PROCEDURE_DATE).asText());
        Integer age = null;
        for (Field f : policy.form().section(FormFields.PATIENT).orElseThrow().fields()) {
            String birth = caseData.path(FormFields.PATIENT).path(f.code()).asText(null);
            if (f.privacy() == Privacy.BIRTH && birth != null) {
                age = IndexProcedure.ageAtIndex(LocalDate.parse(birth), indexDate);
            }
        }
        ObjectNode record = policy.apply(caseData, indexDate);
        return new CaseDeidentified(UUID.randomUUID(), casePseudonym, patientPseudonym,
                centreId, revision, Instant.now(), formVersion, DeidentificationPolicy.VERSION, pseudonymiser.keyId(),
                indexDate.getYear(), indexProcedure.path(FormFields.PROCEDURE_TYPE).asText(null), age, record);
    }
}
