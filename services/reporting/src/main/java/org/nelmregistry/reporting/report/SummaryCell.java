package org.nelmregistry.reporting.report;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A summary cell or margin: its dimension values (keys are the `by` names; index_year as a number) followed by
 * count and suppressed. Serialised as one flat JSON object.
 */
public record SummaryCell(Map<String, Object> dims, Integer count, boolean suppressed) {

    @JsonValue
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>(dims);
        m.put("count", count);
        m.put("suppressed", suppressed);
        return m;
    }
}
