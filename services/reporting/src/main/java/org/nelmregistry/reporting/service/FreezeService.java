package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.reporting.Freeze;
import org.nelmregistry.reporting.repository.FreezeRepository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Data freezes: named, dated, immutable copies of the analytic store that every report can answer from. */
@ApplicationScoped
public class FreezeService {

    @Inject
    FreezeRepository freezes;
    @Inject
    AnalyticStore store;

    /** A freeze as the API shows it. */
    public record FreezeView(String id, String name, Instant createdAt, String createdBy, String derivationVersion,
            Instant amendedAt, long caseCount) {
    }

    /** The body of a freeze request (documentation: the body is checked field by field by {@link #name}). */
    public record FreezeRequest(String name) {
    }

    public record FreezePage(List<FreezeView> items, long total, int page, int size) {
    }

    /** Checks a {@code {"name": "..."}} body; 400 naming the field and rule otherwise. */
    public static String name(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("", "type", "send {\"name\": \"2026-Q4\"}");
        }
        List<ProblemError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("name")) {
                errors.add(new ProblemError("/" + f, "unknown-field", "a freeze takes only name"));
            }
        });
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            errors.add(new ProblemError("/name", "required", "a freeze needs a name, e.g. 2026-Q4"));
        } else if (!name.isTextual()) {
            errors.add(new ProblemError("/name", "type", "name is a string"));
        } else if (!ReportParameters.FREEZE_NAME.matcher(name.asText()).matches()) {
            errors.add(new ProblemError("/name", "format", "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return name.asText();
    }

    /** Records a freeze of the live store; 409 when the name is taken. */
    public FreezeView create(String name, String createdBy) {
        return QuarkusTransaction.requiringNew().call(() -> {
            freezes.lockStore(); // first: the version row, then the tables, as every writer takes them
            if (freezes.byName(name).isPresent()) {
                throw new ProblemException(Problem.of(409, "Conflict", "a freeze of this name exists; freezes are immutable")
                        .with("name", name));
            }
            Freeze f = new Freeze();
            f.id = UUID.randomUUID();
            f.name = name;
            // microseconds: what PostgreSQL keeps, so the created and the listed freeze agree
            f.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            f.createdBy = createdBy;
            f.derivationVersion = store.derivationVersion();
            freezes.persist(f);
            freezes.flush();
            int cases = freezes.copyStore(f.id);
            return view(f, cases);
        });
    }

    public FreezeView get(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Freeze f = freezes.findById(id);
            if (f == null) {
                throw ProblemException.notFound();
            }
            return view(f, freezes.caseCounts(List.of(id)).getOrDefault(id, 0L));
        });
    }

    public FreezePage list(int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Freeze> rows = freezes.page(page, size);
            Map<UUID, Long> counts = freezes.caseCounts(rows.stream().map(f -> f.id).toList());
            return new FreezePage(rows.stream().map(f -> view(f, counts.getOrDefault(f.id, 0L))).toList(),
                    freezes.count(), page, size);
        });
    }

    private static FreezeView view(Freeze f, long cases) {
        return new FreezeView(f.id.toString(), f.name, f.createdAt, f.createdBy, f.derivationVersion, f.amendedAt, cases);
    }
}
