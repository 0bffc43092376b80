package org.nelmregistry.reporting.service;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.reporting.report.AlppsPanel;
import org.nelmregistry.reporting.report.AnalyticCase;
import org.nelmregistry.reporting.report.FunnelReport;
import org.nelmregistry.reporting.report.OutcomeGroup;
import org.nelmregistry.reporting.report.OutcomeReport;
import org.nelmregistry.reporting.report.QueryRestriction;
import org.nelmregistry.reporting.report.ReportCache;
import org.nelmregistry.reporting.report.Reports;
import org.nelmregistry.reporting.report.SummaryCell;
import org.nelmregistry.reporting.report.SummaryReport;
import org.nelmregistry.reporting.report.SurvivalReport;
import org.nelmregistry.reporting.report.Viewer;
import org.nelmregistry.reporting.repository.AnalyticRepository;
import org.nelmregistry.reporting.repository.FreezeRepository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The reports: resolve the freeze, apply query restriction for protected viewers, read the filtered
 * cases (and the unfiltered population of the same store) from the repository, and hand them to the
 * report computations, which apply disclosure control. A computed report is kept per analytic-store version
 * ({@link ReportCache}): the same request of the same viewer on an unchanged store is answered without recomputing.
 */
@ApplicationScoped
public class ReportService {

    @Inject
    AnalyticRepository analytic;
    @Inject
    FreezeRepository freezes;
    /** How many computed reports are kept (of the newest store version); 0 computes every request. */
    @ConfigProperty(name = "registry.reports.cache-entries", defaultValue = "64")
    int cacheEntries;

    private ReportCache cache;

    @PostConstruct
    void init() {
        cache = new ReportCache(cacheEntries);
    }

    /**
     * The report {@code report} of {@code q} for viewer {@code v}: from the cache when the store has not changed
     * since it was computed. The version is read before any data, so a result is never older than its key.
     */
    public <T> T cached(String report, ReportParameters.Query q, Viewer v, Supplier<T> compute) {
        return cache.get(new ReportCache.Key(analytic.version(), report, v, q), compute);
    }

    /** Filtered cases and the unfiltered population of one store (live or a freeze). */
    record Data(List<AnalyticCase> cases, List<AnalyticCase> population) {
    }

    /** The restricted filters for this viewer. */
    static AnalyticRepository.Filter filter(ReportParameters.Query q, Viewer v) {
        Map<String, String> restricted = QueryRestriction.apply(q.filters(), v);
        return ReportParameters.filter(restricted);
    }

    /** The freeze named by the request, or null for the live store; 400 naming `freeze` when there is none. */
    UUID store(ReportParameters.Query q) {
        if (q.freeze() == null) {
            return null;
        }
        return freezes.byName(q.freeze()).map(f -> f.id)
                .orElseThrow(() -> ProblemException.invalid("/freeze", "enum", "no freeze of this name; GET /api/v1/freezes lists them"));
    }

    Data data(ReportParameters.Query q, Viewer v, boolean withProcedures) {
        AnalyticRepository.Filter f = filter(q, v);
        UUID store = store(q);
        List<AnalyticCase> cases = analytic.find(store, f, withProcedures);
        List<AnalyticCase> population = f.isEmpty() ? cases : analytic.find(store, AnalyticRepository.Filter.NONE, withProcedures);
        return new Data(cases, population);
    }

    @Transactional
    public SummaryReport summary(ReportParameters.Query q, Viewer v) {
        return cached("summary", q, v, () -> {
            Data d = data(q, v, false);
            return withTodaysCellFields(Reports.summary(d.cases(), d.population(), q.by(), v));
        });
    }

    /** The key today's summary cells carried for the index procedure's type; kept beside procedure_type for old clients. */
    static final String LEGACY_PROCEDURE_KEY = "index_procedure_type";

    /** Cells keep the fields they had before `by` existed: index_procedure_type repeats procedure_type. */
    static SummaryReport withTodaysCellFields(SummaryReport r) {
        if (!r.by().contains("procedure_type")) {
            return r;
        }
        List<SummaryCell> cells = new ArrayList<>();
        for (SummaryCell c : r.cells()) {
            Map<String, Object> dims = new LinkedHashMap<>(c.dims());
            dims.put(LEGACY_PROCEDURE_KEY, c.dims().get("procedure_type"));
            cells.add(new SummaryCell(dims, c.count(), c.suppressed()));
        }
        return new SummaryReport(r.by(), cells, r.margins(), r.total());
    }

    /** An outcome report, or the ALPPS panel for {@code indicator=alpps_benchmarks}. */
    @Transactional
    public Object outcomes(ReportParameters.Query q, Viewer v) {
        return cached("outcomes", q, v, () -> {
            boolean alpps = ReportParameters.ALPPS.equals(q.indicator());
            Data d = data(q, v, alpps || "procedure".equals(q.unit()));
            if (alpps) {
                return Reports.alpps(d.cases(), d.population(), v);
            }
            return Reports.outcomes(d.cases(), d.population(), q.indicator(), q.singleBy(), q.unit(), v);
        });
    }

    @Transactional
    public SurvivalReport survival(ReportParameters.Query q, Viewer v) {
        return cached("survival", q, v, () -> {
            Data d = data(q, v, false);
            return Reports.survival(d.cases(), d.population(), q.endpoint(), q.singleBy(), v);
        });
    }

    @Transactional
    public FunnelReport funnel(ReportParameters.Query q, Viewer v) {
        return cached("funnel", q, v, () -> {
            Data d = data(q, v, false);
            return Reports.funnel(d.cases(), d.population(), q.indicator(), v);
        });
    }

    /** A centre lead's own centre (exact) beside the registry (protected, as every other centre sees it). */
    public record MyCentreReport(String centreId, Pair<SummaryReport> accrual, List<IndicatorPair> outcomes,
            List<EndpointPair> survival) {
    }

    public record Pair<T>(T centre, T registry) {
    }

    public record IndicatorPair(String indicator, OutcomeGroup centre, OutcomeGroup registry) {
    }

    public record EndpointPair(String endpoint, SurvivalReport.Stratum centre, SurvivalReport.Stratum registry) {
    }

    static final List<String> ACCRUAL_BY = List.of("index_year");

    @Transactional
    public MyCentreReport myCentre(ReportParameters.Query q, String centre) {
        return cached("my-centre", q, Viewer.centreLead(centre), () -> computeMyCentre(q, centre));
    }

    private MyCentreReport computeMyCentre(ReportParameters.Query q, String centre) {
        Viewer registryViewer = Viewer.centreLead(centre);
        AnalyticRepository.Filter f = filter(q, registryViewer);
        UUID store = store(q);
        List<AnalyticCase> all = analytic.find(store, f, false);
        List<AnalyticCase> population = f.isEmpty() ? all : analytic.find(store, AnalyticRepository.Filter.NONE, false);
        List<AnalyticCase> own = all.stream().filter(c -> centre.equals(c.centreId())).toList();
        List<AnalyticCase> ownPopulation = population.stream().filter(c -> centre.equals(c.centreId())).toList();
        Pair<SummaryReport> accrual = new Pair<>(Reports.summary(own, ownPopulation, ACCRUAL_BY, Viewer.EXACT),
                Reports.summary(all, population, ACCRUAL_BY, registryViewer));
        List<IndicatorPair> outcomes = new ArrayList<>();
        for (String indicator : Reports.INDICATORS.stream().sorted().toList()) {
            outcomes.add(new IndicatorPair(indicator,
                    Reports.outcomes(own, ownPopulation, indicator, null, "case", Viewer.EXACT).total(),
                    Reports.outcomes(all, population, indicator, null, "case", registryViewer).total()));
        }
        List<EndpointPair> survival = new ArrayList<>();
        for (String endpoint : ReportParameters.ENDPOINTS.stream().sorted().toList()) {
            survival.add(new EndpointPair(endpoint,
                    first(Reports.survival(own, ownPopulation, endpoint, null, Viewer.EXACT)),
                    first(Reports.survival(all, population, endpoint, null, registryViewer))));
        }
        return new MyCentreReport(centre, accrual, outcomes, survival);
    }

    private static SurvivalReport.Stratum first(SurvivalReport r) {
        return r.strata().isEmpty() ? null : r.strata().get(0);
    }
}
