package org.nelmregistry.reporting.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.nelmregistry.common.job.JobRunner;
import org.nelmregistry.common.job.JobState;
import org.nelmregistry.common.job.JobsInterrupted;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.reporting.ExportDownload;
import org.nelmregistry.reporting.ExportJob;
import org.nelmregistry.reporting.Freeze;
import org.nelmregistry.reporting.export.Codebook;
import org.nelmregistry.reporting.export.ExportColumn;
import org.nelmregistry.reporting.export.ExportTables;
import org.nelmregistry.reporting.export.TableWriter;
import org.nelmregistry.reporting.form.FormCodes;
import org.nelmregistry.reporting.repository.ExportJobRepository;
import org.nelmregistry.reporting.repository.ExportRepository;
import org.nelmregistry.reporting.repository.FreezeRepository;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Analyst exports as jobs: the scope is fixed when the job starts (research-consented cases of the
 * live store or a freeze, filtered), the release risk is assessed over the case rows (and with
 * {@code k}, quasi-identifiers generalised and the records still in small classes suppressed), then
 * each table is streamed from one database snapshot into a zip on disk with its codebook and risk
 * report. Files expire after {@code registry.exports.retention}, or at once when a case they hold
 * is withdrawn.
 */
@ApplicationScoped
public class ExportService {

    private static final Logger LOG = Logger.getLogger(ExportService.class);
    public static final String RESEARCH_CONSENT = FormCodes.RESEARCH_CONSENT;
    private static final int PROGRESS_EVERY = 5000;

    /** Fired when a withdrawal expired files: they are deleted once its transaction has committed. */
    public record FilesExpired(List<UUID> exports) {
    }

    @Inject
    ExportJobRepository jobs;
    @Inject
    ExportRepository exports;
    @Inject
    FreezeRepository freezes;
    @Inject
    AnalyticStore store;
    @Inject
    ManagedExecutor executor;
    @Inject
    JobRunner runner;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "registry.exports.directory")
    Path directory;
    @ConfigProperty(name = "registry.exports.retention", defaultValue = "P7D")
    Duration retention;
    /** with k: the lowest generalisation level that suppresses at most this share of records is used */
    @ConfigProperty(name = "registry.exports.max-suppressed-share", defaultValue = "0.05")
    double maxSuppressedShare;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String softwareVersion;

    /**
     * An export runs on the instance that took its request, holding a lease (common JobRunner). One
     * whose lease expired — its instance crashed or stopped — is failed by JobRunner's recovery, which
     * forgets its scope in the same transaction (ExportJobRepository); here its partial file is deleted
     * (the directory is shared by the instances).
     */
    void onInterrupted(@Observes JobsInterrupted event) {
        if (!event.table().equals(jobs.jobs().name())) {
            return;
        }
        event.ids().forEach(id -> deleteQuietly(directory.resolve(id + ".zip.part")));
    }

    public ExportJob start(ExportRequest request, String requestedBy) {
        ExportJob job = QuarkusTransaction.requiringNew().call(() -> {
            if (request.freeze() != null && freezes.byName(request.freeze()).isEmpty()) {
                throw ProblemException.invalid("/freeze", "enum", "no freeze of this name; GET /api/v1/freezes lists them");
            }
            ExportJob j = new ExportJob();
            j.id = UUID.randomUUID();
            j.requestedBy = requestedBy;
            j.format = request.format();
            j.tables = write(request.tables());
            j.filters = write(request.filters());
            j.freezeName = request.freeze();
            j.purpose = request.purpose();
            j.k = request.k();
            j.status = JobState.QUEUED;
            j.createdAt = Instant.now();
            j.owner = runner.instance();
            jobs.persist(j); // heartbeat_at: the database's now()
            return j;
        });
        runner.submit(job.id, () -> run(job.id, request));
        return job;
    }

    /** Starts an export for {@code requestedBy} and shows it as the API does. */
    public ExportView request(ExportRequest request, String requestedBy) {
        return view(start(request, requestedBy), List.of());
    }

    /** The exports the caller sees, newest first: its own, or every export when {@code all}, with their downloads. */
    public ExportPage list(String caller, boolean all, int page, int size) {
        String owner = all ? null : caller;
        return QuarkusTransaction.requiringNew().call(() -> new ExportPage(jobs.page(owner, page, size).stream()
                .map(j -> view(j, exports.downloads(j.id))).toList(), jobs.count(owner), page, size));
    }

    /** One export with its downloads; 404 unless the caller may see it. */
    public ExportView status(UUID id, String caller, boolean any) {
        ExportJob j = visible(id, caller, any);
        return view(j, downloads(j.id));
    }

    /** The file of a completed export and its download name (the download is recorded). */
    public record ExportFile(Path path, String name) {
    }

    /**
     * The file of a completed export the caller may see, recording the download: 404 unless it may,
     * 410 once the file expired, 409 while the job is not completed.
     */
    public ExportFile file(UUID id, String caller, boolean any) {
        ExportJob job = visible(id, caller, any);
        return new ExportFile(download(job, caller), "nelm-export-" + job.id + ".zip");
    }

    /** The codebook of an export the caller may see (once it completed, also after its file expired); recorded. */
    public CodebookView codebook(UUID id, String caller, boolean any) {
        String text = codebook(visible(id, caller, any), caller);
        try {
            return json.readValue(text, CodebookView.class);
        } catch (IOException e) {
            throw new IllegalStateException("a stored codebook is not JSON", e);
        }
    }

    /** The export if the caller may see it: its owner, or anyone when {@code any}; else a 404 (also when it does not exist). */
    private ExportJob visible(UUID id, String caller, boolean any) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(jobs.findById(id))
                .filter(j -> any || j.requestedBy.equals(caller))).orElseThrow(ProblemException::notFound);
    }

    private List<ExportDownload> downloads(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> exports.downloads(id));
    }

    private ExportView view(ExportJob j, List<ExportDownload> downloads) {
        return new ExportView(j.id.toString(), j.status, j.done, j.total, j.format, read(j.tables, STRINGS), read(j.filters, FILTERS),
                j.freezeName, j.purpose, j.k, j.requestedBy, j.createdAt, j.finishedAt, j.expiresAt, j.expired(Instant.now()),
                read(j.files, FILES), j.fileSha256, j.fileBytes, downloads, j.error);
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> FILTERS = new TypeReference<>() { };
    private static final TypeReference<List<ExportView.ExportFile>> FILES = new TypeReference<>() { };

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return text == null ? null : json.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException("a stored export field is not JSON", e);
        }
    }

    /**
     * The file of a completed export, recording the download: 409 while the job is not completed,
     * 410 once the file expired.
     */
    private Path download(ExportJob job, String user) {
        if (job.expired(Instant.now())) {
            throw new ProblemException(org.nelmregistry.common.rest.Problem.of(410, "Gone",
                    "the export's file expired (after its retention, or because a case it held was withdrawn); request a new export"));
        }
        if (job.status != JobState.COMPLETED) {
            throw new ProblemException(org.nelmregistry.common.rest.Problem.of(409, "Conflict",
                    "the export is " + job.status.wire() + "; poll its status"));
        }
        Path file = directory.resolve(job.fileName);
        QuarkusTransaction.requiringNew().run(() -> exports.recordDownload(job.id, user, "file", Instant.now()));
        return file;
    }

    /** The codebook of an export (available once it completed, also after its file expired). */
    private String codebook(ExportJob job, String user) {
        if (job.codebook == null) {
            throw new ProblemException(org.nelmregistry.common.rest.Problem.of(409, "Conflict",
                    "the export is " + job.status.wire() + "; its codebook is written when it completes"));
        }
        QuarkusTransaction.requiringNew().run(() -> exports.recordDownload(job.id, user, "codebook", Instant.now()));
        return job.codebook;
    }

    /** A withdrawal: expires every export whose file holds the case (in the caller's transaction). */
    public List<UUID> expireContaining(String casePseudonym) {
        return exports.expireContaining(casePseudonym, Instant.now());
    }

    void afterWithdrawal(@Observes(during = TransactionPhase.AFTER_SUCCESS) FilesExpired event) {
        executor.runAsync(this::sweep);
    }

    /** Deletes the files of expired exports and forgets their scopes. */
    /** A sweep whose failure is logged, not thrown: the export it follows has completed. */
    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("export sweep failed: %s (retried at the next sweep)", e.getClass().getSimpleName());
        }
    }

    @Scheduled(every = "${registry.exports.sweep-interval:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void sweep() {
        for (UUID id : QuarkusTransaction.requiringNew().call(() -> exports.expiredWithFiles(Instant.now(), 100))) {
            QuarkusTransaction.requiringNew().run(() -> {
                ExportJob j = jobs.findById(id, LockModeType.PESSIMISTIC_WRITE);
                if (j.fileName != null) {
                    deleteQuietly(directory.resolve(j.fileName));
                }
                j.expiredAt = Instant.now();
                exports.forgetScope(id);
            });
            LOG.infof("export %s expired: file deleted", id);
        }
    }

    void run(UUID id, ExportRequest request) {
        Path part = directory.resolve(id + ".zip.part");
        try {
            UUID freezeId = null;
            String derivationVersion = store.derivationVersion();
            if (request.freeze() != null) {
                Freeze f = QuarkusTransaction.requiringNew().call(() -> freezes.byName(request.freeze()).orElseThrow());
                freezeId = f.id;
                derivationVersion = f.derivationVersion;
            }
            UUID fid = freezeId;
            int scope = QuarkusTransaction.requiringNew().call(() -> {
                if (!jobs.progress(id, JobState.RUNNING, 0, -1)) {
                    throw new IllegalStateException("failed as orphaned before it ran");
                }
                return exports.snapshotScope(id, fid, ReportParameters.filter(request.filters()), RESEARCH_CONSENT);
            });
            Files.createDirectories(directory);
            Written w;
            try (ExportRepository.Snapshot snapshot = exports.snapshot(id, freezeId)) {
                // without k, the cases table's own pass counts the classes: no pass of its own
                ExportRelease release = request.k() == null && request.tables().contains(ExportTables.CASES)
                        ? ExportRelease.asStored()
                        : ExportRelease.assess(snapshot, request.k(), maxSuppressedShare);
                if (!release.suppressed().isEmpty()) {
                    QuarkusTransaction.requiringNew().run(() -> exports.suppress(id, release.suppressed()));
                }
                long cases = scope - release.suppressed().size();
                progress(id, 0, cases * request.tables().size());
                w = write(id, request, snapshot, release, cases, part, derivationVersion);
            }
            Path file = directory.resolve(id + ".zip");
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            boolean expired = QuarkusTransaction.requiringNew().call(() -> {
                ExportJob j = jobs.findById(id, LockModeType.PESSIMISTIC_WRITE);
                if (j.finishedAt != null) {
                    throw new IllegalStateException("failed as orphaned while it ran"); // that stands
                }
                j.status = JobState.COMPLETED;
                j.finishedAt = Instant.now();
                j.done = j.total;
                j.fileName = file.getFileName().toString();
                j.fileSha256 = w.sha256();
                j.fileBytes = w.bytes();
                j.files = w.files();
                j.codebook = w.codebook();
                j.risk = w.risk();
                if (j.expiresAt == null) {
                    j.expiresAt = j.finishedAt.plus(retention);
                }
                return j.expired(Instant.now());
            });
            if (expired) {
                sweepQuietly(); // a case it holds was withdrawn while it ran
            }
        } catch (Exception | LinkageError e) {
            // the class only: a message could quote a value of a row
            LOG.errorf("export %s failed: %s", id, e.getClass().getName());
            LOG.debug("export failure", e);
            deleteQuietly(part);
            deleteQuietly(directory.resolve(id + ".zip")); // moved in place, but the job did not complete
            String reason = e instanceof ProblemException p ? p.problem().detail() : "the export could not be written ("
                    + e.getClass().getSimpleName() + ")";
            QuarkusTransaction.requiringNew().run(() -> {
                if (jobs.fail(id, reason)) { // else already failed (as orphaned): the first reason stands
                    exports.forgetScope(id);
                }
            });
        }
    }

    /** What the file holds, for the job's audit. */
    private record Written(String sha256, long bytes, String files, String codebook, String risk) {
    }

    private Written write(UUID id, ExportRequest request, ExportRepository.Snapshot snapshot, ExportRelease release, long cases,
            Path part, String derivationVersion) throws IOException, SQLException {
        ExportTables tables = ExportTables.current();
        MessageDigest whole = sha256();
        List<Map<String, Object>> files = new ArrayList<>();
        Map<String, Long> rows = new java.util.LinkedHashMap<>();
        long[] bytes = {0};
        try (OutputStream fileOut = new CountingDigestStream(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16), whole, bytes);
                ZipOutputStream zip = new ZipOutputStream(fileOut)) {
            zip.setLevel(Deflater.BEST_SPEED);
            long base = 0;
            ExportRelease.Counter counter = null;
            for (String table : request.tables()) {
                List<ExportColumn> read = tables.columns(table);
                List<ExportColumn> released = release.columns(read);
                String name = table + "." + request.format();
                MessageDigest digest = sha256();
                zip.putNextEntry(new ZipEntry(name));
                TableWriter writer = TableWriter.open(request.format(), released, new DigestOutputStream(zip, digest));
                long[] count = {0};
                long[] casesDone = {0};
                String[] last = {null};
                long offset = base;
                boolean caseTable = table.equals(ExportTables.CASES);
                if (caseTable && release.report() == null) {
                    counter = new ExportRelease.Counter(read);
                }
                ExportRelease.Counter classes = caseTable ? counter : null;
                RowPipeline.run("export-" + table, sink -> snapshot.table(table, read, sink), (cp, values) -> {
                    if (release.suppressed().contains(cp)) {
                        return;
                    }
                    if (classes != null) {
                        classes.add(values);
                    }
                    if (caseTable) {
                        release.generalise(read, values);
                    }
                    writer.row(values);
                    count[0]++;
                    if (!cp.equals(last[0])) {
                        last[0] = cp;
                        if (++casesDone[0] % PROGRESS_EVERY == 0) {
                            progress(id, offset + casesDone[0], -1);
                        }
                    }
                });
                writer.finish();
                zip.closeEntry();
                base += cases;
                progress(id, base, -1);
                rows.put(table, count[0]);
                files.add(Map.of("name", name, "table", table, "rows", count[0], "sha256", HexFormat.of().formatHex(digest.digest())));
            }
            ExportRepository.RecordVersions versions = snapshot.versions();
            ExportRelease assessed = counter == null ? release : release.withReport(counter.report());
            ObjectNode riskJson = assessed.riskJson(json);
            Codebook codebook = Codebook.of(tables, request.tables(), assessed.columnsOf(tables, request.tables()),
                    codebookExport(id, request, versions, derivationVersion, assessed, rows));
            for (Map.Entry<String, byte[]> e : Map.of("codebook.csv", codebook.csv().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "codebook.json", json.writeValueAsBytes(codebook.json(json)), "risk.json",
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(riskJson)).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
                files.add(Map.of("name", e.getKey(), "sha256", HexFormat.of().formatHex(sha256().digest(e.getValue()))));
            }
            zip.finish(); // every byte of the file has passed the digest now
            return new Written(HexFormat.of().formatHex(whole.digest()), bytes[0], json.writeValueAsString(files),
                    json.writeValueAsString(codebook.json(json)), json.writeValueAsString(riskJson));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Map<String, Object> codebookExport(UUID id, ExportRequest r, ExportRepository.RecordVersions v,
            String derivationVersion, ExportRelease release, Map<String, Long> rows) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("format", r.format());
        m.put("tables", r.tables());
        m.put("filters", r.filters());
        m.put(FormCodes.CONSENT_SCOPE.code(), RESEARCH_CONSENT);
        m.put("freeze", r.freeze());
        m.put("purpose", r.purpose());
        m.put("k", r.k());
        m.put("form_versions", v.formVersions());
        m.put("policy_versions", v.policyVersions());
        m.put("key_ids", v.keyIds());
        m.put("derivation_version", derivationVersion);
        m.put("software_version", softwareVersion);
        m.put("generalisation_level", release.generalisation().level());
        m.put("generalised", release.generalisation().description());
        m.put("suppressed_records", release.suppressed().size());
        m.put("rows", rows);
        return m;
    }

    private void progress(UUID id, long done, long total) {
        QuarkusTransaction.requiringNew().run(() -> jobs.progress(id, JobState.RUNNING, done, total));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts and digests what is written through it (the whole file). */
    private static final class CountingDigestStream extends DigestOutputStream {
        private final long[] count;

        CountingDigestStream(OutputStream out, MessageDigest digest, long[] count) {
            super(out, digest);
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            super.write(b);
            count[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count[0] += len;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warnf("could not delete an export file: %s", e.getClass().getSimpleName());
        }
    }
}
