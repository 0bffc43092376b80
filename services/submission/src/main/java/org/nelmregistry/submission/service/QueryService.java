package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.DataQuery;
import org.nelmregistry.submission.repository.AuditRepository;
import org.nelmregistry.submission.repository.DataQueryRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Data-quality queries: a data manager asks about one field of a case, the centre answers.
 * Data managers never see identities, so a query may not name a field of privacy class
 * direct, link, birth or text; and an answer is free text that may hold identities, so it is
 * treated as a text field: only the case's centre reads it, it is never logged, never sent
 * downstream, and erased with the case on withdrawal.
 */
@ApplicationScoped
public class QueryService {

    public static final String RULE_IDENTIFYING_FIELD = "query-identifying-field";
    public static final int MAX_TEXT = 2000;

    @Inject
    CaseService cases;
    @Inject
    DataQueryRepository queries;
    @Inject
    AuditRepository audit;

    private final CaseReportForm form = CaseReportForm.current();

    /** The field a pointer names ({@code /section/field} or {@code /section/N/field}, N below the entry cap). */
    public Optional<Field> field(String p) {
        if (p == null || p.length() > 200) {
            return Optional.empty();
        }
        String[] parts = p.split("/", -1);
        if (parts.length == 3 && parts[0].isEmpty()) {
            return form.section(parts[1]).filter(s -> !s.many()).flatMap(s -> s.field(parts[2]));
        }
        if (parts.length == 4 && parts[0].isEmpty() && parts[2].matches("\\d{1,2}")
                && Integer.parseInt(parts[2]) < Limits.SECTION_ENTRIES) {
            return form.section(parts[1]).filter(s -> s.many()).flatMap(s -> s.field(parts[3]));
        }
        return Optional.empty();
    }

    @Transactional
    public DataQuery raise(UUID caseId, JsonNode body, Caller caller) {
        CaseRecord c = cases.visible(caseId, caller);
        if (c.withdrawn()) {
            throw CaseService.withdrawnConflict();
        }
        List<ProblemError> errors = new ArrayList<>();
        String pointer = body == null ? null : body.path("pointer").asText(null);
        String question = body == null ? null : body.path("question").asText(null);
        Optional<Field> f = field(pointer);
        if (f.isEmpty()) {
            errors.add(new ProblemError("/pointer", pointer == null ? "required" : "format",
                    "a JSON pointer to a case report form field, e.g. /procedures/0/margin"));
        } else if (f.get().privacy().identifying()) {
            errors.add(new ProblemError("/pointer", RULE_IDENTIFYING_FIELD, "a query may not name a field of privacy class "
                    + f.get().privacy().code() + " (direct, link, birth and text fields are the centre's alone)"));
        }
        if (question == null || question.isBlank()) {
            errors.add(new ProblemError("/question", "required", "the question to the centre"));
        } else if (question.length() > MAX_TEXT) {
            errors.add(new ProblemError("/question", "range", "at most " + MAX_TEXT + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        DataQuery q = new DataQuery();
        q.id = UUID.randomUUID();
        q.caseId = c.id;
        q.centreId = c.centreId;
        q.pointer = pointer;
        q.question = question;
        q.status = DataQuery.OPEN;
        q.raisedBy = caller.name();
        q.raisedAt = Instant.now();
        queries.persist(q);
        audit.record(caller.name(), "query-raise", c.id, c.centreId);
        return q;
    }
}
