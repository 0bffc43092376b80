package org.nelmregistry.reporting.service;

import org.nelmregistry.common.rest.JobStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.reporting.ExportJob;
import org.nelmregistry.reporting.ReportCase;
import org.nelmregistry.reporting.repository.ExportJobRepository;
import org.nelmregistry.reporting.repository.ReportCaseRepository;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Row-level extracts for analysts, run as jobs with progress. Only cases whose consent scope
 * is {@code registry_and_research} are exported.
 */
@ApplicationScoped
public class ExportService {

    private static final Logger LOG = Logger.getLogger(ExportService.class);
    public static final String RESEARCH_CONSENT = "registry_and_research";
    public static final Set<String> FORMATS = Set.of("csv");
    private static final int PROGRESS_EVERY = 200;

    @Inject
    ExportJobRepository jobs;
    @Inject
    ReportCaseRepository cases;
    @Inject
    ManagedExecutor executor;
    @Inject
    ObjectMapper json;

    public ExportJob start(String format, String requestedBy) {
        if (format == null || !FORMATS.contains(format)) {
            throw ProblemException.invalid("/format", "enum", "format must be one of " + FORMATS);
        }
        ExportJob job = QuarkusTransaction.requiringNew().call(() -> {
            ExportJob j = new ExportJob();
            j.id = UUID.randomUUID();
            j.requestedBy = requestedBy;
            j.format = format;
            j.status = JobStatus.QUEUED;
            j.createdAt = Instant.now();
            jobs.persist(j);
            return j;
        });
        executor.runAsync(() -> run(job.id));
        return job;
    }

    void run(UUID id) {
        try {
            long total = QuarkusTransaction.requiringNew().call(() -> cases.count("consentScope", RESEARCH_CONSENT));
            progress(id, JobStatus.RUNNING, 0, (int) total);
            byte[] csv = QuarkusTransaction.requiringNew().call(() -> writeCsv(id, (int) total));
            QuarkusTransaction.requiringNew().run(() -> {
                ExportJob j = jobs.findById(id);
                j.content = csv;
                j.contentType = "text/csv";
                j.status = JobStatus.COMPLETED;
                j.finishedAt = Instant.now();
            });
        } catch (RuntimeException e) {
            LOG.errorf("export %s failed: %s", id, e.getClass().getSimpleName());
            QuarkusTransaction.requiringNew().run(() -> {
                ExportJob j = jobs.findById(id);
                j.status = JobStatus.FAILED;
                j.error = e.getClass().getSimpleName();
                j.finishedAt = Instant.now();
            });
        }
    }

    private byte[] writeCsv(UUID id, int total) {
        List<ExportColumns.Column> cols = ExportColumns.caseTable(CaseReportForm.current(), this::record);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (CSVPrinter out = new CSVPrinter(new OutputStreamWriter(buf, StandardCharsets.UTF_8),
                CSVFormat.RFC4180.builder().setHeader(cols.stream().map(ExportColumns.Column::name).toArray(String[]::new)).get());
                Stream<ReportCase> rows = cases.find("consentScope = ?1 order by casePseudonym", RESEARCH_CONSENT).stream()) {
            int[] done = {0};
            rows.forEach(c -> {
                try {
                    for (ExportColumns.Column col : cols) {
                        out.print(col.value().apply(c));
                    }
                    out.println();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                cases.getEntityManager().detach(c);
                if (++done[0] % PROGRESS_EVERY == 0) {
                    progress(id, JobStatus.RUNNING, done[0], total);
                }
            });
            out.flush();
            progress(id, JobStatus.RUNNING, done[0], total);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    private JsonNode record(ReportCase c) {
        try {
            return json.readTree(c.record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored record is not JSON", e);
        }
    }

    private void progress(UUID id, String status, int done, int total) {
        QuarkusTransaction.requiringNew().run(() -> {
            ExportJob j = jobs.findById(id);
            j.status = status;
            j.done = done;
            j.total = total;
        });
    }
}
