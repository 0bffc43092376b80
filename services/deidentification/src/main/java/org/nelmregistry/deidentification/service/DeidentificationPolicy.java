package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Section;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * What happens to each field, decided by its privacy class in the case report form and
 * nothing else: direct, link, birth and text are dropped (birth becomes the record's
 * age_at_index), date becomes whole days from the index procedure date, quasi and clinical
 * are kept. Anything not in the form is dropped.
 */
@ApplicationScoped
public class DeidentificationPolicy {

    /** Bump when the mapping from privacy class to action changes. */
    public static final int VERSION = 1;

    private final CaseReportForm form = CaseReportForm.current();

    public CaseReportForm form() {
        return form;
    }

    /** The case's sections with only surviving fields; dates relative to {@code indexDate}. */
    public ObjectNode apply(JsonNode caseData, LocalDate indexDate) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Section s : form.sections()) {
            JsonNode node = caseData.get(s.code());
            if (s.many()) {
                ArrayNode arr = out.putArray(s.code());
                if (node != null && node.isArray()) {
                    node.forEach(e -> arr.add(entry(s, e, indexDate)));
                }
            } else {
                out.set(s.code(), entry(s, node == null ? JsonNodeFactory.instance.objectNode() : node, indexDate));
            }
        }
        return out;
    }

    private ObjectNode entry(Section s, JsonNode in, LocalDate indexDate) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Field f : s.fields()) {
            JsonNode v = in.get(f.code());
            if (v == null || v.isNull()) {
                continue;
            }
            switch (f.privacy().release()) {
                case KEEP -> out.set(f.code(), v.deepCopy());
                case DAYS_FROM_INDEX -> out.put(f.code(), ChronoUnit.DAYS.between(indexDate, LocalDate.parse(v.asText())));
                case DROP, AGE_AT_INDEX -> {
                    // never leaves this service
                }
            }
        }
        return out;
    }
}
