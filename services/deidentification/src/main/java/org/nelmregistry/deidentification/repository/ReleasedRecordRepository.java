package org.nelmregistry.deidentification.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Privacy;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.risk.QuasiIdentifier;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Quasi-identifiers of the released records (the CRF's quasi fields plus age, index year, centre). */
@ApplicationScoped
public class ReleasedRecordRepository {

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    /** A record as published: the value itself, so it is serialised once. */
    public record Released(CaseDeidentified record, String json) {
    }

    /**
     * Writes the released records in one statement (the latest per case when a case comes more
     * than once, as writing them one after the other would leave).
     */
    @Transactional
    public void released(List<Released> records) {
        if (records.isEmpty()) {
            return;
        }
        Map<String, Released> latest = new LinkedHashMap<>();
        records.forEach(r -> latest.put(r.record().casePseudonym(), r));
        // one lock order for every instance
        List<Released> rows = latest.values().stream().sorted(java.util.Comparator.comparing(r -> r.record().casePseudonym())).toList();
        // multi-row VALUES rather than arrays: the records are long, and array literals escape them
        // char by char; one statement per chunk rather than a JDBC batch of one statement per row
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Released> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            Jdbc.run(em, c -> {
                try (PreparedStatement ps = c.prepareStatement(upsert(chunk.size()))) {
                    int i = 0;
                    for (Released r : chunk) {
                        CaseDeidentified d = r.record();
                        ps.setString(++i, d.casePseudonym());
                        ps.setString(++i, d.centreId());
                        ps.setObject(++i, d.ageAtIndex(), java.sql.Types.INTEGER);
                        ps.setObject(++i, d.indexYear(), java.sql.Types.INTEGER);
                        ps.setString(++i, quasi(d).toString());
                        ps.setString(++i, d.patientPseudonym());
                        ps.setString(++i, r.json());
                    }
                    return ps.executeUpdate();
                }
            });
        }
    }

    /** Rows per statement: 7 parameters each, well below the protocol's 32,767. */
    private static final int ROWS_PER_STATEMENT = 250;

    private static String upsert(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO released_records (case_pseudonym, centre_id, age_at_index, "
                + "index_year, quasi, released_at, patient_pseudonym, record) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?::jsonb, now(), ?, ?)");
        }
        return sql.append(" ON CONFLICT (case_pseudonym) DO UPDATE SET "
                + "centre_id = EXCLUDED.centre_id, age_at_index = EXCLUDED.age_at_index, index_year = EXCLUDED.index_year, "
                + "quasi = EXCLUDED.quasi, released_at = EXCLUDED.released_at, patient_pseudonym = EXCLUDED.patient_pseudonym, "
                + "record = EXCLUDED.record").toString();
    }

    /** The record's quasi-identifiers (the CRF's quasi fields of its single sections). */
    private ObjectNode quasi(CaseDeidentified r) {
        ObjectNode quasi = json.createObjectNode();
        for (Section s : CaseReportForm.current().sections()) {
            if (s.many()) {
                continue;
            }
            for (Field f : s.fields()) {
                JsonNode v = r.record().path(s.code()).get(f.code());
                if (f.privacy() == Privacy.QUASI && v != null) {
                    quasi.set(f.code(), v);
                }
            }
        }
        return quasi;
    }

    /** The latest released records of a patient. */
    @Transactional
    public List<CaseDeidentified> byPatient(String patientPseudonym) {
        List<CaseDeidentified> out = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT record FROM released_records WHERE patient_pseudonym = :pp")
                .setParameter("pp", patientPseudonym).getResultList()) {
            try {
                out.add(EventJson.readDeidentified((String) o));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Transactional
    public void withdrawn(String casePseudonym) {
        em.createNativeQuery("DELETE FROM released_records WHERE case_pseudonym = :cp").setParameter("cp", casePseudonym)
                .executeUpdate();
    }

    /** Every released record as the risk library reads it. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> all() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT centre_id, age_at_index, index_year, quasi::text FROM released_records")
                .getResultList()) {
            Object[] row = (Object[]) o;
            Map<String, Object> m = new HashMap<>();
            m.put(QuasiIdentifier.Keys.CENTRE_ID, row[0]);
            m.put(QuasiIdentifier.Keys.AGE_AT_INDEX, row[1]);
            m.put(QuasiIdentifier.Keys.INDEX_YEAR, row[2]);
            try {
                json.readTree((String) row[3]).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.add(m);
        }
        return out;
    }
}
