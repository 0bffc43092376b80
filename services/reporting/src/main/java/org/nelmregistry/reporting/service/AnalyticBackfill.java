package org.nelmregistry.reporting.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.nelmregistry.reporting.repository.AnalyticRepository;

import java.util.List;

/**
 * At start-up, derives the analytic rows of stored records that have none, or whose rows were
 * computed by another derivation version (records stored before the analytic store existed, or
 * after the form's definitions changed), from the records already in {@code case_records}: no
 * topic needed. Runs in the background in small transactions; each case row is locked while its
 * analytic rows are replaced, so a newer revision arriving meanwhile wins.
 */
@ApplicationScoped
public class AnalyticBackfill {

    private static final Logger LOG = Logger.getLogger(AnalyticBackfill.class);
    static final int BATCH = 200;

    @Inject
    AnalyticRepository analytic;
    @Inject
    AnalyticStore store;
    @Inject
    ManagedExecutor executor;

    @ConfigProperty(name = "registry.analytic.backfill-at-start", defaultValue = "true")
    boolean enabled;

    void onStart(@Observes StartupEvent e) {
        if (enabled) {
            executor.runAsync(this::run);
        }
    }

    /** Derives every outdated case; returns how many were derived. */
    public int run() {
        String version = store.derivationVersion();
        int done = 0;
        try {
            String after = "";
            while (true) {
                String from = after;
                List<String> batch = QuarkusTransaction.requiringNew().call(() -> analytic.outdated(version, from, BATCH));
                if (batch.isEmpty()) {
                    break;
                }
                for (String cp : batch) {
                    if (QuarkusTransaction.requiringNew().call(() -> store.rederive(cp))) {
                        done++;
                    }
                }
                after = batch.get(batch.size() - 1);
            }
            if (done > 0) {
                LOG.infof("derived the analytic rows of %d stored cases (derivation %s)", done, version);
            }
        } catch (RuntimeException ex) {
            LOG.errorf("analytic backfill stopped after %d cases: %s", done, ex.getClass().getSimpleName());
        }
        return done;
    }
}
