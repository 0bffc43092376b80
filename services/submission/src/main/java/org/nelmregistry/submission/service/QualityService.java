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

    @Transactional
    public ObjectNode completeness(String centreOrNull) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("items");
        for (Section s : form.sections()) {
            List<Field> optional = s.fields().stream().filter(f -> f.required() == Requirement.OPTIONAL).toList();
            if (optional.isEmpty()) {
                continue;
            }
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
            for (Object o : q.getResultList()) {
                Object[] row = (Object[]) o;
                long total = ((Number) row[1]).longValue();
                for (int i = 0; i < optional.size(); i++) {
                    long filled = ((Number) row[2 + i]).longValue();
                    items.addObject().put("centre_id", (String) row[0]).put("section", s.code())
                            .put("field", optional.get(i).code()).put("filled", filled).put("total", total)
                            .put("completeness", total == 0 ? BigDecimal.ONE
                                    : BigDecimal.valueOf(filled).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP));
                }
            }
        }
        return out;
    }
}
