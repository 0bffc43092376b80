package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.CentreScope;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.DataQuery;
import org.nelmregistry.submission.QueryFilter;
import org.nelmregistry.submission.Slice;
import org.nelmregistry.submission.repository.AuditRepository;
import org.nelmregistry.submission.repository.DataQueryRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Data-quality queries: a data manager asks about one field of a case (raise), the centre
 * answers (possibly revising the case in the same call), the data manager closes. Data managers
 * never see identities, so a query may not name a field of privacy class direct, link, birth or
 * text; and an answer is free text that may hold identities, so it is treated as a text field:
 * only the case's centre reads it, it is never logged, never sent downstream, and erased with the
 * case on withdrawal.
 */
@ApplicationScoped
public class DataQueryService {

    public static final String RULE_IDENTIFYING_FIELD = "query-identifying-field";
    public static final int MAX_TEXT = 2000;

    @Inject
    CaseService cases;
    @Inject
    DataQueryRepository queries;
    @Inject
    AuditRepository audit;
    @Inject
    CentreScope scope;

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

    /**
     * Raises a query on one field of a case the caller may see: 400 ({@code query-identifying-field})
     * on a direct, link, birth or text field; 409 ({@code case-withdrawn}) on a withdrawn case.
     */
    @Transactional
    public DataQuery raise(UUID caseId, String pointer, String question, Caller caller) {
        CaseRecord c = cases.visible(caseId, caller);
        if (c.withdrawn()) {
            throw CaseService.withdrawnConflict();
        }
        List<ProblemError> errors = new ArrayList<>();
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

    /** One page of the queries of the caller's centre scope (every centre's for a data manager). */
    @Transactional
    public Slice<DataQuery> search(String status, UUID caseId, int page, int size) {
        return queries.search(new QueryFilter(scope.restriction().orElse(null), status, caseId), page, size);
    }

    /**
     * The case's centre answers (another centre's query is not found; a closed one is 409); with
     * {@code caseBody} it revises the case in the same transaction, {@code revision} as If-Match.
     */
    @Transactional
    public DataQuery answer(UUID id, String answer, JsonNode caseBody, String revision, Caller caller) {
        DataQuery q = find(id);
        if (!scope.covers(q.centreId)) {
            throw ProblemException.notFound();
        }
        if (DataQuery.CLOSED.equals(q.status)) {
            throw new ProblemException(Problem.of(409, "Conflict", "the query is closed"));
        }
        if (answer == null || answer.isBlank() || answer.length() > MAX_TEXT) {
            throw ProblemException.invalid("/answer", answer == null || answer.isBlank() ? "required" : "range",
                    "the answer, at most " + MAX_TEXT + " characters");
        }
        if (caseBody != null) {
            cases.revise(q.caseId, caseBody, revision, caller);
        }
        q.answer = answer;
        q.status = DataQuery.ANSWERED;
        q.answeredBy = caller.name();
        q.answeredAt = Instant.now();
        audit.record(caller.name(), "query-answer", q.caseId, q.centreId);
        return q;
    }

    /** A data manager closes an answered query (409 for any other). */
    @Transactional
    public DataQuery close(UUID id, Caller caller) {
        DataQuery q = find(id);
        if (!DataQuery.ANSWERED.equals(q.status)) {
            throw new ProblemException(Problem.of(409, "Conflict", "only an answered query can be closed; it is " + q.status));
        }
        q.status = DataQuery.CLOSED;
        q.closedBy = caller.name();
        q.closedAt = Instant.now();
        audit.record(caller.name(), "query-close", q.caseId, q.centreId);
        return q;
    }

    private DataQuery find(UUID id) {
        return queries.findByIdOptional(id).orElseThrow(ProblemException::notFound);
    }
}
