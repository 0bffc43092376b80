package org.nelmregistry.submission.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Requirement;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.submission.repository.CaseRepository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Completeness per centre and field over the optional fields (required and triggered
 * conditional fields are always present), computed in PostgreSQL from the stored JSON: one
 * query per section (CaseRepository.fieldCounts), its columns generated from the dictionary.
 */
@ApplicationScoped
public class QualityService {

    @Inject
    CaseRepository cases;

    private final CaseReportForm form = CaseReportForm.current();

    /** Counts from 1 to this are never shown to a protected role (ARCHITECTURE.md, "Disclosure control"). */
    static final int SMALL = 4;

    /** The completeness report: {@code exact} or {@code protected} counts, one item per centre, section and field. */
    public record Report(String disclosure, List<Item> items) {
    }

    /** One optional field of one section at one centre; a withheld count is null ({@code suppressed}). */
    public record Item(String centreId, String section, String field, Long filled, Long total, BigDecimal completeness,
            boolean suppressed) {
    }

    /**
     * Completeness per centre, section and optional field. {@code protect} applies the
     * disclosure policy for protected roles (registry-admin): a total, or a filled or missing
     * count, from 1 to 4 is withheld ({@code null}, with {@code suppressed: true} on the item and
     * the completeness withheld with it); when exactly one centre's total of a section is withheld,
     * the next smallest is withheld too, so that a registry total known from elsewhere does not
     * give it back. Data managers and a centre's own users get exact counts.
     */
    @Transactional
    public Report completeness(String centreOrNull, boolean protect) {
        List<Item> items = new ArrayList<>();
        for (Section s : form.sections()) {
            List<Field> optional = s.fields().stream().filter(f -> f.required() == Requirement.OPTIONAL).toList();
            if (optional.isEmpty()) {
                continue;
            }
            List<Object[]> rows = cases.fieldCounts(s, optional, centreOrNull);
            java.util.Set<String> hiddenTotals = protect ? hiddenTotals(rows) : java.util.Set.of();
            for (Object[] row : rows) {
                String centre = (String) row[0];
                long total = ((Number) row[1]).longValue();
                boolean totalHidden = hiddenTotals.contains(centre);
                for (int i = 0; i < optional.size(); i++) {
                    long filled = ((Number) row[2 + i]).longValue();
                    boolean filledHidden = protect && (totalHidden || small(filled) || small(total - filled));
                    BigDecimal share = total == 0 ? BigDecimal.ONE
                            : BigDecimal.valueOf(filled).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP);
                    items.add(new Item(centre, s.code(), optional.get(i).code(), filledHidden ? null : filled,
                            totalHidden ? null : total, filledHidden ? null : share, filledHidden || totalHidden));
                }
            }
        }
        return new Report(protect ? "protected" : "exact", items);
    }

    static boolean small(long n) {
        return n >= 1 && n <= SMALL;
    }

    /** Centres whose section total is withheld: the small ones, plus the next smallest when only one is. */
    static java.util.Set<String> hiddenTotals(List<Object[]> rows) {
        java.util.Set<String> hidden = new java.util.HashSet<>();
        for (Object[] r : rows) {
            if (small(((Number) r[1]).longValue())) {
                hidden.add((String) r[0]);
            }
        }
        if (hidden.size() == 1) {
            rows.stream().filter(r -> !hidden.contains((String) r[0]))
                    .min(java.util.Comparator.<Object[]>comparingLong(r -> ((Number) r[1]).longValue()).thenComparing(r -> (String) r[0]))
                    .ifPresent(r -> hidden.add((String) r[0]));
        }
        return hidden;
    }
}
