package org.nelmregistry.reporting.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.FieldType;
import org.nelmregistry.contracts.crf.Privacy;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.reporting.report.Reports;
import org.nelmregistry.reporting.report.SummaryCell;
import org.nelmregistry.reporting.report.SummaryReport;
import org.nelmregistry.reporting.report.Viewer;
import org.nelmregistry.reporting.repository.AnalyticRepository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Completeness from the analytic side: per centre, the share of its cases with each released field
 * present (a field of a repeated section: in at least one entry; an empty array counts as absent).
 * Disclosure: a centre's line is withheld exactly when the summary by centre_id withholds that
 * centre's count for the same viewer and filters, so completeness reveals no count the summary hides.
 */
@ApplicationScoped
public class CompletenessService {

    @Inject
    AnalyticRepository analytic;
    @Inject
    ReportService reports;

    public record FieldShare(String field, Integer present, Double share) {
    }

    public record CentreCompleteness(String centreId, Integer cases, boolean suppressed, List<FieldShare> fields) {
    }

    public record CompletenessReport(List<String> fields, List<CentreCompleteness> centres, CentreCompleteness total) {
    }

    /** Released fields ("section.field") and the JSON path that finds a value of each in a record. */
    static Map<String, String> releasedFieldPaths(CaseReportForm form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Section s : form.sections()) {
            for (Field f : s.fields()) {
                Privacy.Release r = f.privacy().release();
                if (r != Privacy.Release.KEEP && r != Privacy.Release.DAYS_FROM_INDEX) {
                    continue;
                }
                String path = "$." + s.code() + (s.many() ? "[*]." : ".") + f.code()
                        + (f.type() == FieldType.ENUM_SET ? "[*]" : "");
                out.put(s.code() + "." + f.code(), path);
            }
        }
        return out;
    }

    /** Kept per analytic-store version like the other reports (ReportService.cached). */
    @Transactional
    public CompletenessReport completeness(ReportParameters.Query q, Viewer v) {
        return reports.cached("completeness", q, v, () -> compute(q, v));
    }

    private CompletenessReport compute(ReportParameters.Query q, Viewer v) {
        AnalyticRepository.Filter f = ReportService.filter(q, v);
        UUID store = reports.store(q);
        Map<String, String> paths = releasedFieldPaths(CaseReportForm.current());
        Map<String, Map<String, Long>> rows = analytic.fieldPresence(store, f, paths);
        Map<String, Boolean> withheld = new HashMap<>();
        boolean totalWithheld = false;
        if (v.protectedView()) {
            ReportService.Data d = reports.data(q, v, false);
            SummaryReport byCentre = Reports.summary(d.cases(), d.population(), List.of("centre_id"), v);
            for (SummaryCell c : byCentre.cells()) {
                withheld.put(String.valueOf(c.dims().get("centre_id")), c.suppressed());
            }
            totalWithheld = byCentre.total().suppressed();
        }
        List<CentreCompleteness> centres = new ArrayList<>();
        Map<String, Long> sum = new LinkedHashMap<>();
        // field -> how many centre lines hide it from this viewer (a lone hidden cell needs its total hidden too)
        Map<String, Integer> hiddenInColumn = new HashMap<>();
        for (Map.Entry<String, Map<String, Long>> e : rows.entrySet()) {
            e.getValue().forEach((k, n) -> sum.merge(k, n, Long::sum));
            boolean exact = !v.protectedView() || v.exactFor(e.getKey());
            boolean hide = !exact && withheld.getOrDefault(e.getKey(), true);
            CentreCompleteness line = line(e.getKey(), e.getValue(), paths, hide, !exact, Set.of());
            for (FieldShare fs : line.fields()) {
                if (fs.present() == null) {
                    hiddenInColumn.merge(fs.field(), 1, Integer::sum);
                }
            }
            centres.add(line);
        }
        Set<String> alsoHide = new HashSet<>();
        hiddenInColumn.forEach((field, hidden) -> {
            if (hidden == 1) {
                alsoHide.add(field);
            }
        });
        CentreCompleteness total = line(null, sum, paths, totalWithheld, v.protectedView(), alsoHide);
        return new CompletenessReport(List.copyOf(paths.keySet()), centres, total);
    }

    /**
     * One line of the report. A protected line ({@code small}) hides a field whose present or missing
     * count is 1–4 (either would single out a few patients); {@code alsoHide} names fields hidden for
     * complementary reasons (the total of a column with a single hidden centre cell).
     */
    private static CentreCompleteness line(String centre, Map<String, Long> counts, Map<String, String> paths, boolean hide,
            boolean small, Set<String> alsoHide) {
        long n = counts.getOrDefault("", 0L);
        List<FieldShare> fields = new ArrayList<>();
        for (String field : paths.keySet()) {
            long present = counts.getOrDefault(field, 0L);
            boolean hideField = hide || alsoHide.contains(field) || small && (isSmall(present) || isSmall(n - present));
            fields.add(hideField ? new FieldShare(field, null, null)
                    : new FieldShare(field, (int) present, n == 0 ? null : (double) present / n));
        }
        return new CentreCompleteness(centre, hide ? null : (int) n, hide, fields);
    }

    private static boolean isSmall(long count) {
        return count >= 1 && count <= 4;
    }
}
