package org.nelmregistry.submission.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.CaseRevision;
import org.nelmregistry.submission.event.CaseEventOutbox;
import org.nelmregistry.submission.repository.AuditRepository;
import org.nelmregistry.submission.repository.CaseRepository;
import org.nelmregistry.submission.repository.CaseRevisionRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creating and reading cases: validation, centre isolation, idempotent re-submission, audit. */
@ApplicationScoped
public class CaseService {

    public record Submitted(CaseRecord record, boolean created) {
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
    ObjectMapper json;

    /**
     * Stores a new case for the caller's centre, or returns the existing one when the centre
     * re-posts the same {@code local_ref} with the same content (409 when the content differs).
     */
    @Transactional
    public Submitted submit(JsonNode body, Caller caller) {
        String centre = caller.requireCentre();
        List<ProblemError> errors = validator.validate(body);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        ObjectNode data = (ObjectNode) body;
        String localRef = data.path("patient").path("local_ref").asText();
        Optional<CaseRecord> existing = cases.findByLocalRef(centre, localRef);
        if (existing.isPresent()) {
            CaseRecord c = existing.get();
            if (parse(c.data).equals(data)) {
                audit.record(caller.name(), "resubmit-unchanged", c.id, c.centreId);
                return new Submitted(c, false);
            }
            throw new ProblemException(Problem.of(409, "Conflict",
                    "this centre already has a case with this local_ref and different content; revise it with PUT")
                    .with("existing_id", c.id.toString()));
        }
        Instant now = Instant.now();
        CaseRecord c = new CaseRecord();
        c.id = UUID.randomUUID();
        c.centreId = centre;
        c.localRef = localRef;
        c.revision = 1;
        c.formVersion = CaseReportForm.current().version();
        c.data = data.toString();
        c.createdAt = now;
        c.createdBy = caller.name();
        c.updatedAt = now;
        c.updatedBy = caller.name();
        cases.persist(c);
        CaseRevision r = new CaseRevision();
        r.key = new CaseRevision.Key(c.id, 1);
        r.data = c.data;
        r.changedAt = now;
        r.changedBy = caller.name();
        revisions.persist(r);
        events.submitted(c, data);
        audit.record(caller.name(), "create", c.id, c.centreId);
        return new Submitted(c, true);
    }

    /**
     * A case the caller may read: centre users only their own centre's (another centre's is
     * reported as not found), data managers every centre's.
     */
    @Transactional
    public CaseRecord read(UUID id, Caller caller) {
        CaseRecord c = cases.findByIdOptional(id).orElseThrow(ProblemException::notFound);
        if (caller.isCentreUser()) {
            if (!c.centreId.equals(caller.requireCentre())) {
                throw ProblemException.notFound();
            }
        } else if (!caller.has(Caller.DATA_MANAGER)) {
            throw ProblemException.notFound();
        }
        audit.record(caller.name(), "read", c.id, c.centreId);
        return c;
    }

    public ObjectNode parse(String data) {
        try {
            return (ObjectNode) json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored case is not JSON", e);
        }
    }
}
