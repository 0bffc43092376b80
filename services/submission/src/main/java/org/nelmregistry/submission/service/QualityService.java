package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Requirement;
import org.nelmregistry.contracts.crf.Section;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Completeness per centre and field over the optional fields (required and triggered
 * conditional fields are always present), computed in PostgreSQL from the stored JSON: one
 * query per section, its columns generated from the dictionary.
 */
@ApplicationScoped
public class QualityService {

    @Inject
    EntityManager em;

    private final CaseReportForm form = CaseReportForm.current();

    /** Counts from 1 to this are never shown to a protected role (ARCHITECTURE.md, "Disclosure control"). */
    static final int SMALL = 4;

    private record Cell(String centre, long filled, long total) {
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
    public ObjectNode completeness(String centreOrNull, boolean protect) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("disclosure", protect ? "protected" : "exact");
        ArrayNode items = out.putArray("items");
        for (Section s : form.sections()) {
            List<Field> optional = s.fields().stream().filter(f -> f.required() == Requirement.OPTIONAL).toList();
            if (optional.isEmpty()) {
                continue;
            }
            List<Object[]> rows = counts(s, optional, centreOrNull);
            java.util.Set<String> hiddenTotals = protect ? hiddenTotals(rows) : java.util.Set.of();
            for (Object[] row : rows) {
                String centre = (String) row[0];
                long total = ((Number) row[1]).longValue();
                boolean totalHidden = hiddenTotals.contains(centre);
                for (int i = 0; i < optional.size(); i++) {
                    long filled = ((Number) row[2 + i]).longValue();
                    boolean filledHidden = protect && (totalHidden || small(filled) || small(total - filled));
                    ObjectNode item = items.addObject().put("centre_id", centre).put("section", s.code())
                            .put("field", optional.get(i).code());
                    if (filledHidden) {
                        item.putNull("filled");
                    } else {
                        item.put("filled", filled);
                    }
                    if (totalHidden) {
                        item.putNull("total");
                    } else {
                        item.put("total", total);
                    }
                    if (filledHidden) {
                        item.putNull("completeness");
                    } else {
                        item.put("completeness", total == 0 ? BigDecimal.ONE
                                : BigDecimal.valueOf(filled).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP));
                    }
                    item.put("suppressed", filledHidden || totalHidden);
                }
            }
        }
        return out;
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

    @SuppressWarnings("unchecked")
    private List<Object[]> counts(Section s, List<Field> optional, String centreOrNull) {
        // field codes come from the dictionary ([a-z0-9_]), never from the request
        String counts = optional.stream().map(f -> "count(*) FILTER (WHERE jsonb_exists(e, '" + f.code() + "'))")
                .collect(Collectors.joining(", "));
        String from = s.many()
                ? "cases c CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c.data->'" + s.code()
                        + "') = 'array' THEN c.data->'" + s.code() + "' ELSE '[]'::jsonb END) e"
                : "cases c CROSS JOIN LATERAL (SELECT c.data->'" + s.code() + "' AS e) x";
        String sql = "SELECT c.centre_id, count(*), " + counts + " FROM " + from
                + " WHERE c.status = 'active'" + (centreOrNull == null ? "" : " AND c.centre_id = :centre")
                + " GROUP BY c.centre_id ORDER BY c.centre_id";
        var q = em.createNativeQuery(sql);
        if (centreOrNull != null) {
            q.setParameter("centre", centreOrNull);
        }
        return (List<Object[]>) q.getResultList();
    }
}
