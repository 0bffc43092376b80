package org.nelmregistry.reporting.report;

import java.util.List;

/** {@code {"indicator", "unit", "by", "groups": [...], "total": {...}}}. */
public record OutcomeReport(String indicator, String unit, String by, List<OutcomeGroup> groups, OutcomeGroup total) {
}
