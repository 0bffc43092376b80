package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.CentreScope;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.submission.CaseFilter;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.CaseRevision;
import org.nelmregistry.submission.Slice;
import org.nelmregistry.submission.event.CaseEventOutbox;
import org.nelmregistry.submission.repository.AuditRepository;
import org.nelmregistry.submission.repository.CaseRepository;
import org.nelmregistry.submission.repository.CaseRevisionRepository;
import org.nelmregistry.submission.repository.DataQueryRepository;
import org.nelmregistry.submission.repository.OutboxRepository;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A case's life: submission, revision, follow-up, withdrawal. Validation, centre isolation,
 * idempotent re-submission, revisions, audit and exactly one outbox event per change.
 */
@ApplicationScoped
public class CaseService {

    /** The stored case and what happened: created, updated (new revision) or unchanged. */
    public record Outcome(CaseRecord record, String what, List<ProblemError> warnings) {
        public static final String CREATED = "created";
        public static final String UPDATED = "updated";
        public static final String UNCHANGED = "unchanged";
    }

    @Inject
    CaseValidator validator;
    @Inject
    CaseRepository cases;
    @Inject
    CaseRevisionRepository revisions;
    @Inject
    AuditRepository audit;
    @Inject
    CaseEventOutbox events;
    @Inject
    OutboxRepository outbox;
    @Inject
    DataQueryRepository queries;
    @Inject
    CentreScope scope;
    @Inject
    ObjectMapper json;

    private final CaseReportForm form = CaseReportForm.current();

    /** Checks a case; 400 with every violation, or the warnings to store as flags. */
    public List<ProblemError> validOrThrow(JsonNode body) {
        CaseValidator.Result r = validator.check(body);
        if (!r.valid()) {
            throw ProblemException.invalid(r.errors());
        }
        return r.warnings();
    }

    /**
     * Stores a new case for the caller's centre, or returns the existing one when the centre
     * re-posts the same {@code local_ref} with the same content (409 when the content differs).
     */
    @Transactional
    public Outcome submit(JsonNode body, Caller caller) {
        String centre = caller.requireCentre();
        List<ProblemError> warnings = validOrThrow(body);
        ObjectNode data = (ObjectNode) body;
        String localRef = data.path("patient").path("local_ref").asText();
        cases.lockLocalRef(centre, localRef);
        Optional<CaseRecord> existing = cases.findByLocalRef(centre, localRef);
        if (existing.isPresent()) {
            CaseRecord c = existing.get();
            if (c.data.equals(data)) {
                audit.record(caller.name(), "resubmit-unchanged", c.id, c.centreId);
                return new Outcome(c, Outcome.UNCHANGED, warnings);
            }
            throw conflict(c.id);
        }
        return new Outcome(create(centre, data, warnings, caller.name()), Outcome.CREATED, warnings);
    }

    /** Upsert by local_ref for imports: create, revise, or leave unchanged. */
    @Transactional
    public Outcome upsert(String centre, JsonNode body, String actor) {
        List<ProblemError> warnings = validOrThrow(body);
        ObjectNode data = (ObjectNode) body;
        String localRef = data.path("patient").path("local_ref").asText();
        cases.lockLocalRef(centre, localRef);
        // the row locked: a withdrawal never interleaves (once withdrawn, it no longer matches)
        Optional<CaseRecord> existing = cases.findByLocalRefForUpdate(centre, localRef);
        if (existing.isEmpty()) {
            return new Outcome(create(centre, data, warnings, actor), Outcome.CREATED, warnings);
        }
        return applyRevision(existing.get(), data, warnings, actor, "import-revise");
    }

    static ProblemException conflict(UUID existing) {
        return new ProblemException(Problem.of(409, "Conflict",
                "this centre already has a case with this local_ref and different content; revise it with PUT")
                .with("existing_id", existing.toString()));
    }

    /** 409 for any change to a withdrawn case: a withdrawal is final, the case stays a tombstone. */
    public static ProblemException withdrawnConflict() {
        String detail = "the case was withdrawn; a withdrawn case is never changed again";
        return new ProblemException(new Problem("about:blank", "Conflict", 409, detail,
                List.of(new ProblemError("", "case-withdrawn", detail)), new java.util.LinkedHashMap<>()));
    }

    private CaseRecord create(String centre, ObjectNode data, List<ProblemError> warnings, String actor) {
        Instant now = Instant.now();
        CaseRecord c = new CaseRecord();
        c.id = UUID.randomUUID();
        c.centreId = centre;
        c.revision = 1;
        c.formVersion = form.version();
        c.createdAt = now;
        c.createdBy = actor;
        setContent(c, data, warnings, now, actor);
        // case, first revision, CaseSubmitted and audit entry in one statement (the hot path of #12)
        cases.insertNew(c, events.submittedRow(c, data), "create");
        return c;
    }

    private void setContent(CaseRecord c, ObjectNode data, List<ProblemError> warnings, Instant now, String actor) {
        c.localRef = data.path("patient").path("local_ref").asText();
        c.data = data;
        c.qualityFlags = json.valueToTree(warnings);
        c.completeness = Completeness.of(form, data);
        c.procedureTypes = stream(data.path("procedures")).map(p -> p.path("procedure_type").asText()).distinct()
                .toArray(String[]::new);
        c.firstProcedureDate = stream(data.path("procedures")).map(p -> CaseRules.date(p.get("procedure_date")))
                .filter(Objects::nonNull).min(LocalDate::compareTo).orElse(null);
        c.updatedAt = now;
        c.updatedBy = actor;
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    private void saveRevision(CaseRecord c) {
        CaseRevision r = new CaseRevision();
        r.key = new CaseRevision.Key(c.id, c.revision);
        r.data = c.data;
        r.changedAt = c.updatedAt;
        r.changedBy = c.updatedBy;
        revisions.persist(r);
    }

    /** A new revision when the content differs; one CaseRevised event. */
    private Outcome applyRevision(CaseRecord c, ObjectNode data, List<ProblemError> warnings, String actor, String action) {
        if (c.data.equals(data)) {
            return new Outcome(c, Outcome.UNCHANGED, warnings);
        }
        String newRef = data.path("patient").path("local_ref").asText();
        if (!newRef.equals(c.localRef)) {
            cases.lockLocalRef(c.centreId, newRef); // re-entrant: PUT took it before the row lock
            Optional<CaseRecord> other = cases.findByLocalRef(c.centreId, newRef);
            if (other.isPresent()) {
                throw conflict(other.get().id);
            }
        }
        c.revision++;
        setContent(c, data, warnings, Instant.now(), actor);
        saveRevision(c);
        events.revised(c, data);
        audit.record(actor, action, c.id, c.centreId);
        return new Outcome(c, Outcome.UPDATED, warnings);
    }

    /** PUT: replaces the case when {@code ifMatch} names its current revision (412 otherwise). */
    @Transactional
    public Outcome revise(UUID id, JsonNode body, String ifMatch, Caller caller) {
        // the local_ref lock before the row lock, the order every writer follows
        Optional<String> own = caller.can(Permissions.CASE_WRITE) ? caller.centre() : Optional.empty();
        if (own.isPresent() && body != null && body.path("patient").path("local_ref").isTextual()) {
            cases.lockLocalRef(own.get(), body.path("patient").path("local_ref").asText());
        }
        CaseRecord c = writable(id, caller);
        requireRevision(c, ifMatch, true);
        List<ProblemError> warnings = validOrThrow(body);
        return applyRevision(c, (ObjectNode) body, warnings, caller.name(), "revise");
    }

    /** Appends one follow-up visit and stores the case as a new revision. */
    @Transactional
    public Outcome addFollowUp(UUID id, JsonNode visit, String ifMatch, Caller caller) {
        CaseRecord c = writable(id, caller);
        requireRevision(c, ifMatch, false);
        if (visit == null || !visit.isObject()) {
            throw ProblemException.invalid("", "type", "a follow-up visit is a JSON object of follow_up fields");
        }
        ObjectNode data = c.data.deepCopy(); // the stored tree is never changed in place
        ArrayNode visits = data.has("follow_up") && data.get("follow_up").isArray()
                ? (ArrayNode) data.get("follow_up") : data.putArray("follow_up");
        visits.add(visit);
        return applyRevision(c, data, validOrThrow(data), caller.name(), "follow-up");
    }

    /**
     * Consent withdrawn: every identifying value of the case is erased — the current row, its
     * revision history and its outbox payloads — leaving a tombstone (ids, centre, revision,
     * times). One CaseWithdrawn event, without a case body, makes it disappear downstream.
     */
    @Transactional
    public CaseRecord withdraw(UUID id, Caller caller) {
        CaseRecord c = writable(id, caller);
        Instant now = Instant.now();
        c.revision++;
        c.status = CaseRecord.WITHDRAWN;
        c.withdrawnAt = now;
        c.localRef = null; // frees the centre's reference: a new case may use it, none reaches this one
        c.data = json.createObjectNode();
        c.qualityFlags = json.createArrayNode();
        c.completeness = java.math.BigDecimal.ZERO;
        c.procedureTypes = new String[0];
        c.firstProcedureDate = null;
        c.updatedAt = now;
        c.updatedBy = caller.name();
        revisions.eraseCase(c.id);
        outbox.eraseCase(c.id);
        queries.eraseCase(c.id);
        events.withdrawn(c);
        audit.record(caller.name(), "withdraw", c.id, c.centreId);
        return c;
    }

    /**
     * A case the caller may change: own centre, not withdrawn; its row locked until the
     * transaction ends, so that a change never interleaves with a withdrawal.
     */
    private CaseRecord writable(UUID id, Caller caller) {
        CaseRecord c = mayView(cases.findForUpdate(id).orElseThrow(ProblemException::notFound), caller);
        if (!caller.can(Permissions.CASE_WRITE)) {
            throw ProblemException.forbidden("only the case's centre changes it");
        }
        if (c.withdrawn()) {
            throw withdrawnConflict();
        }
        return c;
    }

    private static void requireRevision(CaseRecord c, String ifMatch, boolean required) {
        if (ifMatch == null || ifMatch.isBlank()) {
            if (required) {
                throw new ProblemException(Problem.of(428, "Precondition Required",
                        "send If-Match with the revision you read (its ETag)"));
            }
            return;
        }
        if (!ifMatch.strip().replace("W/", "").replace("\"", "").equals(Integer.toString(c.revision))) {
            throw new ProblemException(Problem.of(412, "Precondition Failed",
                    "the case has changed since you read it; it is now at revision " + c.revision)
                    .with("current_revision", c.revision));
        }
    }

    /**
     * A case the caller may see: with {@code case:read}, within its centre scope (a centre user's
     * own centre, a data manager's every centre); any other is reported as not found.
     */
    public CaseRecord visible(UUID id, Caller caller) {
        return mayView(cases.findByIdOptional(id).orElseThrow(ProblemException::notFound), caller);
    }

    private CaseRecord mayView(CaseRecord c, Caller caller) {
        if (!caller.can(Permissions.CASE_READ) || !scope.covers(c.centreId)) {
            throw ProblemException.notFound();
        }
        return c;
    }

    /** Reads a case and audits the read. */
    @Transactional
    public CaseRecord read(UUID id, Caller caller) {
        CaseRecord c = visible(id, caller);
        audit.record(caller.name(), "read", c.id, c.centreId);
        return c;
    }

    /** One page of the active or withdrawn cases the caller's centre scope reaches. */
    @Transactional
    public Slice<CaseRecord> search(CaseFilter filter, int page, int size) {
        return cases.search(filter, page, size);
    }

    /** One revision as a change list: who, when, which fields changed old -> new. */
    public record RevisionChanges(int revision, String changedBy, Instant changedAt, List<JsonDiff.Change> changes) {
    }

    /** The case (read and audited) with every revision's changes. */
    public record History(CaseRecord record, List<RevisionChanges> revisions) {
    }

    /**
     * Every revision of a case the caller may see, as changes from the one before; the changes to
     * identifying fields only for a caller with {@code case:identities}.
     */
    @Transactional
    public History history(UUID id, Caller caller) {
        CaseRecord c = read(id, caller);
        boolean identities = caller.can(Permissions.CASE_IDENTITIES);
        List<RevisionChanges> out = new ArrayList<>();
        JsonNode previous = json.createObjectNode();
        for (CaseRevision r : revisions.history(c.id)) {
            List<JsonDiff.Change> changes = JsonDiff.between(previous, r.data).stream()
                    .filter(ch -> identities || !CasePrivacy.identifying(ch.pointer())).toList();
            out.add(new RevisionChanges(r.key.revision(), r.changedBy, r.changedAt, changes));
            previous = r.data;
        }
        return new History(c, out);
    }
}
