package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.nelmregistry.reporting.repository.ReportCaseRepository;

/**
 * Case counts by centre, index year and index procedure type. Every case counts, whatever its
 * consent scope. Counts from 1 to {@code max-hidden} are suppressed unless the caller may see
 * small numbers; suppressed callers get no totals, so a hidden cell cannot be recovered.
 */
@ApplicationScoped
public class SummaryService {

    @Inject
    ReportCaseRepository cases;

    @ConfigProperty(name = "registry.suppression.max-hidden", defaultValue = "4")
    int maxHidden;

    @Transactional
    public ObjectNode summary(boolean unsuppressed) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode sup = out.putObject("suppression");
        sup.put("applied", !unsuppressed);
        sup.put("hidden_counts", "1-" + maxHidden);
        ArrayNode cells = out.putArray("cells");
        long total = 0;
        for (ReportCaseRepository.Cell c : cases.summary()) {
            ObjectNode cell = cells.addObject();
            cell.put("centre_id", c.centreId());
            if (c.indexYear() == null) {
                cell.putNull("index_year");
            } else {
                cell.put("index_year", c.indexYear());
            }
            cell.put("index_procedure_type", c.indexProcedureType());
            putCount(cell, c.count(), unsuppressed);
            total += c.count();
        }
        if (unsuppressed) {
            out.put("total", total);
        }
        return out;
    }

    /** {@code {"count": 7, "suppressed": false}} or {@code {"count": null, "suppressed": true}}. */
    void putCount(ObjectNode cell, long count, boolean unsuppressed) {
        boolean hide = !unsuppressed && count >= 1 && count <= maxHidden;
        if (hide) {
            cell.putNull("count");
        } else {
            cell.put("count", count);
        }
        cell.put("suppressed", hide);
    }
}
