package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.nelmregistry.contracts.event.CaseDeidentified;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.reporting.report.AnalyticCase;
import org.nelmregistry.reporting.repository.AnalyticRepository;
import org.nelmregistry.reporting.repository.FreezeRepository;
import org.nelmregistry.reporting.repository.ReportCaseRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one message of the de-identified topic to the store, for the live consumer and the rebuild
 * alike: a record is upserted by case pseudonym (a newer revision wins) together with its derived
 * analytic rows; a tombstone (withdrawal) deletes the case from the live store and from every freeze.
 */
@ApplicationScoped
public class AnalyticStore {

    private static final Logger LOG = Logger.getLogger(AnalyticStore.class);

    /** What a message did, for metrics and the rebuild. */
    public enum Outcome { STORED, STALE, DELETED, TOMBSTONE_UNKNOWN, UNREADABLE }

    @Inject
    ReportCaseRepository cases;
    @Inject
    AnalyticRepository analytic;
    @Inject
    FreezeRepository freezes;
    @Inject
    org.nelmregistry.reporting.repository.ExportRepository exports;
    @Inject
    jakarta.enterprise.event.Event<ExportService.FilesExpired> filesExpired;

    private final OutcomeDerivation derivation = OutcomeDerivation.current();

    /** A message of the de-identified topic: the case pseudonym, the record (null: a tombstone). */
    public record Change(String key, String value) {
    }

    @Transactional
    public Outcome apply(String key, String value) {
        analytic.holdVersion();
        return applyOne(key, value);
    }

    /**
     * Applies a consumer's batch in order in one transaction (one commit, one hold of the store's
     * version row), so a revision and a withdrawal of one case in the same batch end as they would
     * one by one. Records of distinct cases are written together (one upsert statement, one delete,
     * two JDBC batches); a tombstone, or a second record of a case, first writes what is pending.
     * Returns each message's outcome, in order.
     */
    @Transactional
    public List<Outcome> applyAll(List<Change> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        analytic.holdVersion();
        Outcome[] outcomes = new Outcome[changes.size()];
        // case pseudonym (of the record, not the message key: the upsert conflicts on it) -> index in the batch
        Map<String, Integer> pending = new LinkedHashMap<>();
        Map<Integer, CaseDeidentified> records = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (c.value() == null) {
                writePending(pending, records, outcomes);
                outcomes[i] = applyOne(c.key(), null);
                continue;
            }
            CaseDeidentified r;
            try {
                r = EventJson.readDeidentified(c.value());
            } catch (JsonProcessingException e) {
                LOG.warnf("skipped an unreadable de-identified record (%s)", e.getClass().getSimpleName());
                outcomes[i] = Outcome.UNREADABLE;
                continue;
            }
            if (pending.containsKey(r.casePseudonym())) {
                writePending(pending, records, outcomes); // one statement may not write a case twice
            }
            records.put(i, r);
            pending.put(r.casePseudonym(), i);
        }
        writePending(pending, records, outcomes);
        return List.of(outcomes);
    }

    private void writePending(Map<String, Integer> pending, Map<Integer, CaseDeidentified> records, Outcome[] outcomes) {
        if (pending.isEmpty()) {
            return;
        }
        List<CaseDeidentified> batch = pending.values().stream().map(records::get).toList();
        Set<String> written = cases.upsertAll(batch);
        List<AnalyticCase> derived = new ArrayList<>();
        List<String> underivable = new ArrayList<>();
        for (int i : pending.values()) {
            CaseDeidentified r = records.get(i);
            if (!written.contains(r.casePseudonym())) {
                outcomes[i] = Outcome.STALE;
                continue;
            }
            outcomes[i] = Outcome.STORED;
            derivation.derive(r).ifPresentOrElse(derived::add, () -> underivable.add(r.casePseudonym()));
        }
        analytic.replaceAll(derived, derivation.version());
        analytic.removeAll(underivable);
        pending.clear();
        records.clear();
    }

    private Outcome applyOne(String key, String value) {
        if (value == null) {
            long deleted = cases.delete("casePseudonym", key);
            int amended = freezes.withdraw(key, Instant.now());
            List<java.util.UUID> expired = exports.expireContaining(key, Instant.now());
            if (!expired.isEmpty()) {
                filesExpired.fire(new ExportService.FilesExpired(expired));
            }
            return deleted > 0 || amended > 0 ? Outcome.DELETED : Outcome.TOMBSTONE_UNKNOWN;
        }
        CaseDeidentified record;
        try {
            record = EventJson.readDeidentified(value);
        } catch (JsonProcessingException e) {
            LOG.warnf("skipped an unreadable de-identified record (%s)", e.getClass().getSimpleName());
            return Outcome.UNREADABLE;
        }
        if (!cases.upsert(record)) {
            return Outcome.STALE;
        }
        Optional<AnalyticCase> derived = derivation.derive(record);
        if (derived.isPresent()) {
            analytic.replace(derived.get(), derivation.version());
        } else {
            analytic.remove(record.casePseudonym());
        }
        return Outcome.STORED;
    }

    /**
     * Derives a stored case's analytic rows again from its stored record (the caller's transaction;
     * the case row is locked first). Returns whether it had a record to derive from.
     */
    public boolean rederive(String casePseudonym) {
        analytic.holdVersion();
        Optional<CaseDeidentified> record = cases.lockedRecord(casePseudonym);
        if (record.isEmpty()) {
            return false;
        }
        Optional<AnalyticCase> derived = derivation.derive(record.get());
        if (derived.isPresent()) {
            analytic.replace(derived.get(), derivation.version());
        } else {
            analytic.remove(casePseudonym);
        }
        return derived.isPresent();
    }

    /** The derivation version the store's rows are computed with. */
    public String derivationVersion() {
        return derivation.version();
    }
}
