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
import java.util.List;
import java.util.Optional;

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

    @Transactional
    public Outcome apply(String key, String value) {
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
