package org.nelmregistry.contracts;

import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.crf.CaseReportForm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The form's {@code derived:} section: the outcome definitions reporting computes, and their version. */
class CaseReportFormDerivedTest {

    final CaseReportForm form = CaseReportForm.current();

    @Test
    void derivedDefinitionsAreInTheFormsOrder() {
        assertEquals(List.of("index_procedure", "death_90d", "major_morbidity", "phlf_bc", "r0_resection", "os_days",
                "os_event", "rfs_days", "rfs_event", "age_at_index"), List.copyOf(form.derived().keySet()));
        assertTrue(form.derived().get("death_90d").startsWith("case: death_date 0..90 days (inclusive)"),
                form.derived().get("death_90d"));
        assertTrue(form.derived().get("phlf_bc").contains("procedure_groups.final_resective_step"));
    }

    @Test
    void derivationVersionIsStableAndFollowsTheDefinitions() throws IOException {
        String v = form.derivationVersion();
        assertTrue(v.matches("[0-9a-f]{16}"), v);
        assertEquals(v, CaseReportForm.current().derivationVersion());
        CaseReportForm a = parse("derived:\n  death_90d: \"death within 90 days\"\n");
        CaseReportForm sameText = parse("derived:\n  death_90d: \"death within 90 days\"\n");
        CaseReportForm changed = parse("derived:\n  death_90d: \"death within 30 days\"\n");
        assertEquals(a.derivationVersion(), sameText.derivationVersion());
        assertNotEquals(a.derivationVersion(), changed.derivationVersion());
        assertNotEquals(v, a.derivationVersion());
    }

    private static CaseReportForm parse(String derived) throws IOException {
        String yaml = "version: 1\nsections:\n  patient:\n    cardinality: one\n    fields:\n"
                + "      - {code: sex, type: enum, values: [female, male], required: required, privacy: quasi}\n" + derived;
        return CaseReportForm.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
