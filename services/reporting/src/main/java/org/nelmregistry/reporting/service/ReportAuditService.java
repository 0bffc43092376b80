package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.nelmregistry.reporting.ReportAudit;
import org.nelmregistry.reporting.repository.ReportAuditRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report audit: every report request (who, which report, its parameters, when), written in a
 * transaction of its own before the request is checked, so rejected and probing requests are recorded too.
 */
@ApplicationScoped
public class ReportAuditService {

    /** Long values are cut: the audit records what was asked, not arbitrary payloads. */
    static final int MAX_VALUE = 200;

    @Inject
    ReportAuditRepository audit;
    @Inject
    ObjectMapper json;

    public record AuditEntry(long id, String userId, String report, JsonNode parameters, Instant requestedAt) {
    }

    public record AuditPage(List<AuditEntry> items, long total, int page, int size) {
    }

    public void record(String userId, String report, Map<String, List<String>> params) {
        ObjectNode p = json.createObjectNode();
        new TreeMap<>(params).forEach((name, values) -> {
            String key = cut(name);
            if (values.size() == 1) {
                p.put(key, cut(values.get(0)));
            } else {
                values.forEach(v -> p.withArray(key).add(cut(v)));
            }
        });
        ReportAudit a = new ReportAudit();
        a.userId = userId;
        a.report = report;
        a.parameters = p.toString();
        a.requestedAt = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> audit.persist(a));
    }

    public AuditPage page(int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> new AuditPage(audit.page(page, size).stream()
                .map(a -> new AuditEntry(a.id, a.userId, a.report, parse(a.parameters), a.requestedAt)).toList(),
                audit.count(), page, size));
    }

    private JsonNode parse(String s) {
        try {
            return json.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE);
    }
}
