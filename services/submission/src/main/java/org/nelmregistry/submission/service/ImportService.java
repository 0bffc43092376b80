package org.nelmregistry.submission.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jboss.logging.Logger;
import org.nelmregistry.common.rest.Problem;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.submission.Job;
import org.nelmregistry.submission.JobRow;
import org.nelmregistry.common.job.JobState;
import org.nelmregistry.submission.repository.JobRowRepository;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Batch import of a centre's cases (CSV in the documented layout, or a JSON array), upserted
 * by local_ref. The upload is spooled to a temporary file and read as a stream, so memory
 * stays bounded whatever the file size. Each row is its own transaction; results and progress
 * are written every {@value #FLUSH_EVERY} rows.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    static final int FLUSH_EVERY = 100;
    public static final String CSV = "text/csv";
    public static final String JSON = "application/json";

    @Inject
    CaseService cases;
    @Inject
    JobService jobs;
    @Inject
    JobRowRepository rows;
    @Inject
    ObjectMapper json;

    private final CaseReportForm form = CaseReportForm.current();
    /** The service's JSON settings without the case-sized document limit: an import is many cases (each checked). */
    private com.fasterxml.jackson.core.JsonFactory importJson;

    @jakarta.annotation.PostConstruct
    void init() {
        importJson = json.getFactory().copy().setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxNestingDepth(Limits.JSON_DEPTH + 1).maxDocumentLength(0).maxStringLength(Limits.CASE_BODY_BYTES).build());
    }

    public Job start(String centre, String actor, String mediaType, InputStream body) {
        Path file = spool(body);
        try {
            int total = CSV.equals(mediaType) ? checkCsv(file) : checkJson(file);
            return jobs.start(JobService.IMPORT, centre, actor, total, id -> run(id, file, mediaType, centre, actor, total));
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    private static Path spool(InputStream body) {
        try {
            Path f = Files.createTempFile("nelm-import-", ".upload");
            Files.copy(body, f, StandardCopyOption.REPLACE_EXISTING);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans up
        }
    }

    static CSVFormat csvFormat() {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
    }

    /**
     * Checks the header (400 naming every unknown column) and every row against the limits
     * (row length, columns, cell length: 400 naming the limit and the row), and counts the rows.
     */
    private int checkCsv(Path file) {
        int n = 0;
        try (BoundedRecordReader r = csvReader(file); CSVParser p = csvFormat().parse(r)) {
            r.markRecord();
            List<ProblemError> errors = CsvCaseLayout.checkHeader(form, p.getHeaderNames());
            if (p.getHeaderNames().isEmpty()) {
                errors.add(new ProblemError("/header", "required", "the first line names the columns"));
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            for (Iterator<CSVRecord> it = p.iterator(); it.hasNext(); ) {
                CSVRecord rec = it.next();
                r.markRecord();
                n++;
                checkRow(n, rec, errors);
                if (errors.size() >= CsvCaseLayout.MAX_ERRORS) {
                    break;
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            return n;
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            if (BoundedRecordReader.causedBy(e)) {
                throw ProblemException.invalid("/rows/" + (n + 1), Limits.RULE_CSV_ROW,
                        "a row (a case) has at most " + Limits.CSV_ROW_CHARS + " characters");
            }
            throw ProblemException.invalid("", "format", "not a readable CSV file");
        }
    }

    private static void checkRow(int rowNo, CSVRecord rec, List<ProblemError> errors) {
        if (rec.size() > Limits.CSV_COLUMNS) {
            errors.add(new ProblemError("/rows/" + rowNo, Limits.RULE_CSV_COLUMNS, "at most " + Limits.CSV_COLUMNS + " cells"));
            return;
        }
        for (int i = 0; i < rec.size(); i++) {
            if (rec.get(i).length() > Limits.CSV_CELL_CHARS) {
                errors.add(new ProblemError("/rows/" + rowNo + "/" + (i + 1), Limits.RULE_CSV_CELL,
                        "a cell has at most " + Limits.CSV_CELL_CHARS + " characters"));
            }
        }
    }

    private static BoundedRecordReader csvReader(Path file) throws IOException {
        return new BoundedRecordReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), Limits.CSV_ROW_CHARS);
    }

    /** Checks that the body is a JSON array of cases each within the case size, and counts them. */
    private int checkJson(Path file) {
        try (JsonParser p = importJson.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw ProblemException.invalid("", "type", "a JSON import is an array of cases");
            }
            int n = 0;
            List<ProblemError> errors = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                long start = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                if (p.currentLocation().getByteOffset() - start > Limits.CASE_BODY_BYTES && errors.size() < CsvCaseLayout.MAX_ERRORS) {
                    errors.add(new ProblemError("/" + n, Limits.RULE_BODY_SIZE, "a case has at most " + Limits.CASE_BODY_BYTES + " bytes"));
                }
                n++;
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            return n;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw ProblemException.invalid("", "limit-json-depth", "a JSON import nests at most " + (Limits.JSON_DEPTH + 1) + " levels");
        } catch (IOException e) {
            throw ProblemException.invalid("", "format", "not valid JSON");
        }
    }

    void run(UUID jobId, Path file, String mediaType, String centre, String actor, int total) {
        Map<String, Integer> counts = new LinkedHashMap<>(Map.of("created", 0, "updated", 0, "unchanged", 0, "rejected", 0));
        List<JobRow> pending = new ArrayList<>();
        int[] done = {0};
        try {
            jobs.running(jobId, 0, total, null);
            RowHandler handler = (rowNo, data) -> {
                pending.add(importRow(jobId, rowNo, centre, actor, data, counts));
                if (++done[0] % FLUSH_EVERY == 0) {
                    flush(jobId, pending, done[0], total, counts, JobState.RUNNING);
                }
            };
            if (CSV.equals(mediaType)) {
                readCsv(file, handler);
            } else {
                readJson(file, handler);
            }
            flush(jobId, pending, done[0], total, counts, JobState.COMPLETED);
        } catch (RuntimeException | IOException e) {
            LOG.errorf("import %s failed at row %d: %s", jobId, done[0], e.getClass().getSimpleName());
            flush(jobId, pending, done[0], total, counts, JobState.FAILED);
        } finally {
            delete(file);
        }
    }

    interface RowHandler {
        void row(int rowNo, JsonNode data);
    }

    private void readCsv(Path file, RowHandler h) throws IOException {
        try (BoundedRecordReader r = csvReader(file); CSVParser p = csvFormat().parse(r)) {
            int rowNo = 0;
            for (CSVRecord rec : p) {
                r.markRecord();
                h.row(++rowNo, CsvCaseLayout.toCase(form, rec.toMap()));
            }
        }
    }

    private void readJson(Path file, RowHandler h) throws IOException {
        try (JsonParser p = importJson.createParser(file.toFile())) {
            p.nextToken();
            int rowNo = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                h.row(++rowNo, json.readTree(p));
            }
        }
    }

    private JobRow importRow(UUID jobId, int rowNo, String centre, String actor, JsonNode data, Map<String, Integer> counts) {
        JobRow r = new JobRow();
        r.key = new JobRow.Key(jobId, rowNo);
        try {
            CaseService.Outcome o = cases.upsert(centre, data, actor);
            r.outcome = o.what();
            r.caseId = o.record().id;
            if (!o.warnings().isEmpty()) {
                r.errors = json.valueToTree(o.warnings());
            }
        } catch (ProblemException e) {
            r.outcome = "rejected";
            Problem p = e.problem();
            List<ProblemError> errs = p.errors() != null ? p.errors() : List.of(new ProblemError("", "conflict", p.detail()));
            r.errors = json.valueToTree(errs);
        } catch (RuntimeException e) {
            r.outcome = "rejected";
            r.errors = json.valueToTree(List.of(new ProblemError("", "internal", "the row could not be stored")));
        }
        counts.merge(r.outcome, 1, Integer::sum);
        return r;
    }

    private void flush(UUID jobId, List<JobRow> pending, int done, int total, Map<String, Integer> counts, JobState status) {
        QuarkusTransaction.requiringNew().run(() -> {
            pending.forEach(rows::persist);
        });
        pending.clear();
        if (status == JobState.RUNNING) {
            jobs.running(jobId, done, total, json.valueToTree(counts)); // stops a job failed meanwhile
        } else {
            jobs.progress(jobId, status, done, total, json.valueToTree(counts));
        }
    }
}
