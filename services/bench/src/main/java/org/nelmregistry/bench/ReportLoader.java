package org.nelmregistry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.contracts.IndexProcedure;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Privacy;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.deidentification.service.DeidentificationPolicy;
import org.nelmregistry.generator.CohortGenerator;
import org.nelmregistry.generator.GeneratedCase;
import org.nelmregistry.reporting.report.AnalyticCase;
import org.nelmregistry.reporting.report.AnalyticProcedure;
import org.nelmregistry.reporting.service.OutcomeDerivation;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Loads a generated cohort straight into reporting's store (case_records, analytic_cases,
 * analytic_procedures) with COPY, as the service itself would have stored it: each generated case
 * goes through de-identification's own policy (dates → days from the index, identifiers dropped, age
 * at index) and reporting's own {@link OutcomeDerivation}. Skipped on purpose: Kafka and the keyed
 * pseudonyms (pseudonyms here are SHA-256 of a bench label; reports never read them).
 *
 * <p>The cohort is generated in chunks of {@value #CHUNK} cases (seed, seed+1, …) so memory stays flat;
 * each chunk is a full generator cohort over the same centres (volumes, outliers, linked patients, twins).
 */
final class ReportLoader {

    static final int CHUNK = 10_000;

    private final DeidentificationPolicy policy = new DeidentificationPolicy();
    private final OutcomeDerivation derivation = OutcomeDerivation.current();
    private final CaseReportForm form = CaseReportForm.current();
    private final String birthField;

    ReportLoader() {
        birthField = form.section("patient").orElseThrow().fields().stream()
                .filter(f -> f.privacy() == Privacy.BIRTH).map(Field::code).findFirst().orElse(null);
    }

    /** Loads {@code cases} cases over {@code centres} centres; returns how many got an analytic row. */
    long load(Connection conn, int cases, int centres, long seed) throws SQLException {
        CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
        long analytic = 0;
        int chunkNo = 0;
        for (int start = 0; start < cases; start += CHUNK, chunkNo++) {
            int n = Math.min(CHUNK, cases - start);
            List<GeneratedCase> chunk = CohortGenerator.generate(n, centres, seed + chunkNo);
            StringBuilder records = new StringBuilder();
            StringBuilder rows = new StringBuilder();
            StringBuilder procs = new StringBuilder();
            for (int i = 0; i < chunk.size(); i++) {
                String label = seed + "/" + chunkNo + "/" + i;
                CaseDeidentified r = deidentify(chunk.get(i), "cp-" + sha256(label), "pp-" + sha256("patient " + label));
                if (r == null) {
                    continue;
                }
                csv(records, r.casePseudonym(), r.patientPseudonym(), r.centreId(), r.revision(), r.formVersion(),
                        r.policyVersion(), r.keyId(), r.indexYear(), r.indexProcedureType(), r.ageAtIndex(),
                        r.record().path("patient").path("consent_scope").asText(null), r.record().toString(),
                        r.occurredAt().toString());
                Optional<AnalyticCase> d = derivation.derive(r);
                if (d.isEmpty()) {
                    continue;
                }
                AnalyticCase c = d.get();
                analytic++;
                csv(rows, c.casePseudonym(), c.patientPseudonym(), c.centreId(), c.indexYear(), c.ageAtIndex(), c.sex(),
                        c.consentScope(), c.primarySite(), c.whoGrade(), c.distributionType(), c.indexProcedureType(),
                        c.indexProcedureIntent(), c.death90d(), c.majorMorbidity(), c.phlfBc(), c.r0Resection(), c.osDays(),
                        c.osEvent(), c.rfsDays(), c.rfsEvent(), derivation.version());
                for (AnalyticProcedure p : c.procedures()) {
                    csv(procs, c.casePseudonym(), p.seq(), p.procedureType(), p.intent(), p.day(), p.death90d(),
                            p.majorMorbidity(), p.phlfBc(), p.r0Resection());
                }
            }
            try {
                copy.copyIn("COPY case_records (case_pseudonym, patient_pseudonym, centre_id, revision, form_version, "
                        + "policy_version, key_id, index_year, index_procedure_type, age_at_index, consent_scope, record, "
                        + "updated_at) FROM STDIN (FORMAT csv)", new StringReader(records.toString()));
                copy.copyIn("COPY analytic_cases (case_pseudonym, patient_pseudonym, centre_id, index_year, age_at_index, "
                        + "sex, consent_scope, primary_site, who_grade, distribution_type, index_procedure_type, "
                        + "index_procedure_intent, death_90d, major_morbidity, phlf_bc, r0_resection, os_days, os_event, "
                        + "rfs_days, rfs_event, derivation_version) FROM STDIN (FORMAT csv)", new StringReader(rows.toString()));
                copy.copyIn("COPY analytic_procedures (case_pseudonym, seq, procedure_type, intent, day, death_90d, "
                        + "major_morbidity, phlf_bc, r0_resection) FROM STDIN (FORMAT csv)", new StringReader(procs.toString()));
            } catch (java.io.IOException e) {
                throw new SQLException("COPY failed", e);
            }
            System.err.printf("  loaded %,d of %,d cases%n", Math.min(cases, start + n), cases);
        }
        try (Statement st = conn.createStatement()) {
            // what autovacuum would do soon after a bulk load: plans from real statistics
            st.execute("ANALYZE case_records, analytic_cases, analytic_procedures");
        }
        return analytic;
    }

    /** What de-identification releases for a case (its Deidentifier, minus the keyed pseudonyms); null without an index. */
    CaseDeidentified deidentify(GeneratedCase g, String casePseudonym, String patientPseudonym) {
        ObjectNode body = g.body();
        JsonNode procedures = body.path("procedures");
        OptionalInt index = IndexProcedure.of(procedures);
        if (index.isEmpty()) {
            return null;
        }
        JsonNode indexProcedure = procedures.get(index.getAsInt());
        LocalDate indexDate = LocalDate.parse(indexProcedure.path("procedure_date").asText());
        String birth = birthField == null ? null : body.path("patient").path(birthField).asText(null);
        Integer age = birth == null ? null : IndexProcedure.ageAtIndex(LocalDate.parse(birth), indexDate);
        return new CaseDeidentified(UUID.randomUUID(), casePseudonym, patientPseudonym, g.centreId(), 1, Instant.now(),
                form.version(), DeidentificationPolicy.VERSION, "bench", indexDate.getYear(),
                indexProcedure.path("procedure_type").asText(null), age, policy.apply(body, indexDate));
    }

    /** One CSV line: null → empty unquoted (NULL), everything else quoted. */
    private static void csv(StringBuilder sb, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = values[i];
            if (v == null) {
                continue;
            }
            if (v instanceof Number) {
                sb.append(v);
            } else {
                sb.append('"').append(v.toString().replace("\"", "\"\"")).append('"');
            }
        }
        sb.append('\n');
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
