package org.nelmregistry.reporting.form;

import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.crf.CaseReportForm;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The form codes reporting's Java names are the form's own. */
class FormCodesTest {

    @Test
    void everyCodeIsInTheShippedForm() {
        assertEquals(List.of(), FormCodes.problems(CaseReportForm.current()));
        assertEquals("registry_and_research", FormCodes.RESEARCH_CONSENT);
        assertTrue(FormCodes.CONSENT_SCOPE.field().values().contains(FormCodes.RESEARCH_CONSENT));
    }

    @Test
    void aRenamedFieldOrValueOrOutcomeIsFound() throws Exception {
        String yaml;
        try (InputStream in = CaseReportForm.class.getClassLoader().getResourceAsStream(CaseReportForm.RESOURCE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        CaseReportForm renamed = parse(yaml.replace("code: consent_scope", "code: consent_kind"));
        assertTrue(FormCodes.problems(renamed).contains("no field patient.consent_scope"), FormCodes.problems(renamed).toString());
        CaseReportForm value = parse(yaml.replace("registry_and_research", "registry_and_studies"));
        assertTrue(FormCodes.problems(value).contains("patient.consent_scope has no value registry_and_research"),
                FormCodes.problems(value).toString());
        CaseReportForm recurrence = parse(yaml.replace("hepatic_and_extrahepatic, progression_of_residual]",
                "hepatic_and_extrahepatic, residual_progression]"));
        assertEquals(List.of("follow_up.recurrence has no value progression_of_residual"), FormCodes.problems(recurrence));
        CaseReportForm outcome = parse(yaml.replace("  phlf_bc:", "  phlf_grade_bc:"));
        assertTrue(FormCodes.problems(outcome).stream().anyMatch(p -> p.startsWith("derived: lacks or reorders")),
                FormCodes.problems(outcome).toString());
    }

    private static CaseReportForm parse(String yaml) throws Exception {
        return CaseReportForm.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
