package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Requirement;
import org.nelmregistry.contracts.crf.Section;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Completeness of a case: the share of its optional fields that are filled in, over the
 * one-per-case sections and every entry of the array sections. Required fields and triggered
 * conditional fields are always present (validation sees to it), so they do not count.
 */
public final class Completeness {

    private Completeness() {
    }

    public static BigDecimal of(CaseReportForm form, JsonNode c) {
        int[] counts = new int[2];
        for (Section s : form.sections()) {
            CaseRules.entries(c, s, (entry, pointer) -> {
                for (Field f : s.fields()) {
                    if (f.required() == Requirement.OPTIONAL) {
                        counts[1]++;
                        if (!CaseValidator.absent(entry.get(f.code()))) {
                            counts[0]++;
                        }
                    }
                }
            });
        }
        return counts[1] == 0 ? BigDecimal.ONE
                : BigDecimal.valueOf(counts[0]).divide(BigDecimal.valueOf(counts[1]), 4, RoundingMode.HALF_UP);
    }
}
