package org.nelmregistry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.nelmregistry.reporting.export.ExportTables;
import org.nelmregistry.reporting.repository.ExportRepository;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code exports} section of {@code ./registry bench} (issue #10): a large export through the
 * packaged reporting service with a capped heap, beside PostgreSQL's own {@code COPY … TO STDOUT} of the
 * same rows (the SQL the export reads with, {@link ExportRepository#tableSql}) in the same run.
 *
 * <pre>
 * ExportBench load    --jdbc URL --user U --password P --cases N --chunk C --centres M --seed S
 * ExportBench measure --jdbc URL --user U --password P --base URL --realm URL --gc-log FILE --out FILE [--label TEXT]
 * </pre>
 * {@code load} generates {@code C} cases with the reports' loader and, when {@code N > C}, replicates
 * them with SQL under new pseudonyms up to {@code N} (N a multiple of C). {@code measure} exits 1 when
 * any figure is missing.
 */
public final class ExportBench {

    static final String[] FORMATS = {"csv", "parquet", "jsonl"};
    private static final Pattern HEAP_SAMPLE = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\}\\s+(\\S+)");
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private ExportBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Map<String, String> o = ReportBench.options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "load" -> load(o);
            case "measure" -> System.exit(measure(o));
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: ExportBench load|measure --option value ... (see the class comment)");
        System.exit(2);
    }

    // ------------------------------------------------------------------ load

    static void load(Map<String, String> o) throws SQLException {
        int cases = Integer.parseInt(ReportBench.need(o, "cases"));
        int chunk = Math.min(cases, Integer.parseInt(o.getOrDefault("chunk", String.valueOf(cases))));
        int centres = Integer.parseInt(ReportBench.need(o, "centres"));
        long seed = Long.parseLong(ReportBench.need(o, "seed"));
        if (cases % chunk != 0) {
            System.err.println("--cases must be a multiple of --chunk");
            System.exit(2);
        }
        try (Connection conn = ReportBench.connect(o)) {
            long t0 = System.nanoTime();
            long analytic = new ReportLoader().load(conn, chunk, centres, seed);
            double generated = (System.nanoTime() - t0) / 1e9;
            StringBuilder how = new StringBuilder(String.format(Locale.ROOT,
                    "generated %,d cases (%,d with an analytic row) over %d centres in %.1f s", chunk, analytic, centres, generated));
            int copies = cases / chunk - 1;
            if (copies > 0) {
                long t1 = System.nanoTime();
                replicate(conn, copies);
                how.append(String.format(Locale.ROOT, ", then replicated %d× with SQL (INSERT … SELECT, new pseudonyms "
                        + "from SHA-256 of the old one and the copy number) in %.1f s", copies, (System.nanoTime() - t1) / 1e9));
            }
            try (Statement st = conn.createStatement()) {
                st.execute("ANALYZE case_records, analytic_cases, analytic_procedures");
            }
            System.out.println(how + "; " + counts(conn));
        }
    }

    /** Copies every loaded case {@code copies} times under new case and patient pseudonyms (same form, same outcomes). */
    static void replicate(Connection conn, int copies) throws SQLException {
        String cp = "'cp-' || left(encode(sha256(convert_to(%s || '/' || k, 'UTF8')), 'hex'), 40)";
        String pp = "'pp-' || left(encode(sha256(convert_to(%s || '/' || k, 'UTF8')), 'hex'), 40)";
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TEMP TABLE bench_base AS SELECT case_pseudonym FROM case_records");
            for (int k = 1; k <= copies; k++) {
                String copy = " FROM (SELECT " + k + " AS k) n, ";
                st.executeUpdate("INSERT INTO case_records (case_pseudonym, patient_pseudonym, centre_id, revision, form_version, "
                        + "policy_version, key_id, index_year, index_procedure_type, age_at_index, consent_scope, record, updated_at) "
                        + "SELECT " + String.format(cp, "r.case_pseudonym") + ", " + String.format(pp, "r.patient_pseudonym")
                        + ", centre_id, revision, form_version, policy_version, key_id, index_year, index_procedure_type, "
                        + "age_at_index, consent_scope, record, updated_at" + copy
                        + "case_records r JOIN bench_base b USING (case_pseudonym)");
                st.executeUpdate("INSERT INTO analytic_cases (case_pseudonym, patient_pseudonym, centre_id, index_year, age_at_index, "
                        + "sex, consent_scope, primary_site, who_grade, distribution_type, index_procedure_type, "
                        + "index_procedure_intent, death_90d, major_morbidity, phlf_bc, r0_resection, os_days, os_event, rfs_days, "
                        + "rfs_event, derivation_version) SELECT " + String.format(cp, "a.case_pseudonym") + ", "
                        + String.format(pp, "a.patient_pseudonym") + ", centre_id, index_year, age_at_index, sex, consent_scope, "
                        + "primary_site, who_grade, distribution_type, index_procedure_type, index_procedure_intent, death_90d, "
                        + "major_morbidity, phlf_bc, r0_resection, os_days, os_event, rfs_days, rfs_event, derivation_version"
                        + copy + "analytic_cases a JOIN bench_base b USING (case_pseudonym)");
                st.executeUpdate("INSERT INTO analytic_procedures (case_pseudonym, seq, procedure_type, intent, day, death_90d, "
                        + "major_morbidity, phlf_bc, r0_resection) SELECT " + String.format(cp, "p.case_pseudonym")
                        + ", seq, procedure_type, intent, day, death_90d, major_morbidity, phlf_bc, r0_resection"
                        + copy + "analytic_procedures p JOIN bench_base b USING (case_pseudonym)");
                System.err.printf("  replicated copy %d of %d%n", k, copies);
            }
            st.execute("DROP TABLE bench_base");
        }
    }

    static String counts(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT "
                + "(SELECT count(*) FROM case_records), (SELECT count(*) FROM analytic_cases), "
                + "(SELECT count(*) FROM analytic_cases WHERE consent_scope = 'registry_and_research'), "
                + "(SELECT count(*) FROM analytic_procedures)")) {
            rs.next();
            return String.format(Locale.ROOT, "rows: case_records %,d, analytic_cases %,d (%,d = %.1f%% with consent "
                    + "registry_and_research, the rest registry_only), analytic_procedures %,d", rs.getLong(1), rs.getLong(2),
                    rs.getLong(3), 100.0 * rs.getLong(3) / Math.max(1, rs.getLong(2)), rs.getLong(4));
        }
    }

    // ------------------------------------------------------------------ measure

    /** One export as measured from the client. */
    record Run(String label, String format, String id, double seconds, Map<String, Long> rows, long zipBytes,
            double peakSampledMb, double peakAfterGcMb, double peakBeforeGcMb, int gcs, int samples) {

        long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    record Copy(String table, long rows, double seconds) {
    }

    static int measure(Map<String, String> o) throws Exception {
        String base = ReportBench.need(o, "base");
        Path gcLog = Path.of(ReportBench.need(o, "gc-log"));
        Path out = Path.of(ReportBench.need(o, "out"));
        String heap = o.getOrDefault("heap", "256m");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ReportBench.Tokens tokens = new ReportBench.Tokens(http, ReportBench.need(o, "realm"));
        List<String> missing = new ArrayList<>();
        List<Run> runs = new ArrayList<>();

        for (String format : FORMATS) {
            Run r = export(http, tokens, base, gcLog, format, null, missing);
            if (r != null) {
                runs.add(r);
            }
        }
        Run casesOnly = export(http, tokens, base, gcLog, "csv", List.of(ExportTables.CASES), missing);

        // PostgreSQL's own COPY of the same rows: the export's SQL with the cases-only export's scope
        List<Copy> copies = new ArrayList<>();
        if (casesOnly != null) {
            ExportTables tables = ExportTables.current();
            try (Connection conn = ReportBench.connect(o)) {
                CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
                for (String table : tables.names()) {
                    String sql = ExportRepository.tableSql(table, tables.columns(table), false);
                    if (sql.indexOf('?') != sql.lastIndexOf('?')) {
                        throw new IllegalStateException("the export SQL of " + table + " has more than one parameter");
                    }
                    sql = sql.replace("?", "'" + UUID.fromString(casesOnly.id()) + "'::uuid");
                    long t0 = System.nanoTime();
                    long rows = copy.copyOut("COPY (" + sql + ") TO STDOUT WITH (FORMAT csv)", OutputStream.nullOutputStream());
                    Copy c = new Copy(table, rows, (System.nanoTime() - t0) / 1e9);
                    copies.add(c);
                    System.out.printf(Locale.ROOT, "COPY %-20s %,10d rows %8.2f s %,12.0f rows/s%n", table, rows, c.seconds(),
                            rows / c.seconds());
                }
            }
        }

        // the cases table twice more, to say where the gap to COPY lies: COPY without parallel workers (a cursor's
        // fetch-limited portal never gets them), and the export's own way of reading, minus the writing
        double[] casesFloor = null;
        if (casesOnly != null) {
            casesFloor = casesFloor(o, casesOnly.id());
        }

        String md = markdown(o.getOrDefault("label", ""), heap, runs, casesOnly, copies, casesFloor);
        if (casesOnly == null || runs.size() != FORMATS.length || copies.isEmpty() || casesFloor == null) {
            missing.add("an export or the COPY comparison did not complete");
        }
        for (Run r : runs) {
            if (r.peakSampledMb() <= 0 || r.zipBytes() <= 0 || r.totalRows() <= 0) {
                missing.add(r.label() + ": peak heap, zip size or rows");
            }
        }
        return ReportBench.writePart(out, md, missing);
    }

    /**
     * Seconds for the cases table's export SQL: {@code [0]} COPY with {@code max_parallel_workers_per_gather = 0},
     * {@code [1]} read as the export reads it (repeatable read, read-only, 2,000 rows per fetch, every cell as text)
     * and dropped.
     */
    static double[] casesFloor(Map<String, String> o, String exportId) throws SQLException, IOException {
        ExportTables tables = ExportTables.current();
        String sql = ExportRepository.tableSql(ExportTables.CASES, tables.columns(ExportTables.CASES), false)
                .replace("?", "'" + UUID.fromString(exportId) + "'::uuid");
        double[] out = new double[2];
        try (Connection conn = ReportBench.connect(o)) {
            try (Statement st = conn.createStatement()) {
                st.execute("SET max_parallel_workers_per_gather = 0");
            }
            long t0 = System.nanoTime();
            conn.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + sql + ") TO STDOUT WITH (FORMAT csv)",
                    OutputStream.nullOutputStream());
            out[0] = (System.nanoTime() - t0) / 1e9;
        }
        try (Connection conn = ReportBench.connect(o)) {
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            conn.setReadOnly(true);
            long t0 = System.nanoTime();
            long sink = 0;
            try (Statement st = conn.createStatement()) {
                st.setFetchSize(2000);
                try (ResultSet rs = st.executeQuery(sql)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            String v = rs.getString(i);
                            sink += v == null ? 0 : v.length();
                        }
                    }
                }
            }
            out[1] = (System.nanoTime() - t0) / 1e9;
            conn.rollback();
            if (sink < 0) {
                throw new IllegalStateException();
            }
        }
        System.out.printf(Locale.ROOT, "cases SQL: serial COPY %.2f s, read through a cursor as the export reads it %.2f s%n",
                out[0], out[1]);
        return out;
    }

    /** Requests one export as the analyst, samples the heap while it runs, and reads its figures. */
    static Run export(HttpClient http, ReportBench.Tokens tokens, String base, Path gcLog, String format, List<String> tables,
            List<String> missing) throws Exception {
        String label = format + (tables == null ? " (all tables)" : " (" + String.join(", ", tables) + ")");
        String body = "{\"format\":\"" + format + "\",\"purpose\":\"benchmark\""
                + (tables == null ? "" : ",\"tables\":" + ReportBench.JSON.writeValueAsString(tables)) + "}";
        long gcFrom = Files.exists(gcLog) ? Files.size(gcLog) : 0;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong peak = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        String metricsToken = tokens.get("analyst");
        Thread sampler = new Thread(() -> {
            while (!stop.get()) {
                try {
                    long used = heapUsed(http, base, metricsToken);
                    if (used > 0) {
                        peak.accumulateAndGet(used, Math::max);
                        samples.incrementAndGet();
                    }
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    // a missed sample: the next one follows
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        JsonNode job;
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/exports"))
                    .header("Authorization", "Bearer " + tokens.get("analyst")).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 202) {
                missing.add(label + " (POST answered " + res.statusCode() + ")");
                return null;
            }
            String id = ReportBench.JSON.readTree(res.body()).path("id").asText();
            job = null;
            long lastReport = 0;
            while (true) {
                HttpResponse<String> st = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/exports/" + id))
                        .header("Authorization", "Bearer " + tokens.get("analyst")).timeout(Duration.ofMinutes(1)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (st.statusCode() == 200) {
                    job = ReportBench.JSON.readTree(st.body());
                    String status = job.path("status").asText();
                    if (status.equals("completed") || status.equals("failed")) {
                        break;
                    }
                    if (System.nanoTime() - lastReport > 30e9) {
                        lastReport = System.nanoTime();
                        System.err.printf("  %s: %s %d/%d%n", label, status, job.path("done").asLong(), job.path("total").asLong());
                    }
                }
                Thread.sleep(100);
            }
        } finally {
            stop.set(true);
            sampler.interrupt();
            sampler.join(5000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!job.path("status").asText().equals("completed")) {
            missing.add(label + " (failed: " + job.path("error").asText() + ")");
            return null;
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (JsonNode f : job.path("files")) {
            if (f.hasNonNull("table")) {
                rows.put(f.path("table").asText(), f.path("rows").asLong());
            }
        }
        double[] gc = gcPeaks(gcLog, gcFrom);
        Run r = new Run(label, format, job.path("id").asText(), seconds, rows, job.path("file_bytes").asLong(),
                peak.get() / 1048576.0, gc[0], gc[1], (int) gc[2], (int) samples.get());
        System.out.printf(Locale.ROOT, "export %-24s %8.1f s %,10d rows %,10.0f rows/s  zip %,.1f MB  heap peak sampled %.0f MB, "
                + "after GC %.0f MB (%d GCs)  rows %s%n", label, seconds, r.totalRows(), r.totalRows() / seconds,
                r.zipBytes() / 1048576.0, r.peakSampledMb(), r.peakAfterGcMb(), r.gcs(), rows);
        return r;
    }

    /** The heap in use now: jvm_memory_used_bytes{area="heap"} of /q/metrics summed over the pools. */
    static long heapUsed(HttpClient http, String base, String token) throws IOException, InterruptedException {
        HttpResponse<java.util.stream.Stream<String>> res = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        if (res.statusCode() != 200) {
            res.body().close();
            return -1;
        }
        double sum = 0;
        try (var lines = res.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher m = HEAP_SAMPLE.matcher(line);
                if (m.find()) {
                    sum += Double.parseDouble(m.group(1));
                }
            }
        }
        return (long) sum;
    }

    /**
     * From the GC log lines written since {@code from}: the largest heap after a collection (the live
     * set's peak), the largest before one (what was in use, garbage included), and how many pauses.
     */
    static double[] gcPeaks(Path log, long from) throws IOException {
        if (!Files.exists(log)) {
            return new double[] {0, 0, 0};
        }
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) Math.min(from, all.length), (int) (all.length - Math.min(from, all.length)),
                java.nio.charset.StandardCharsets.UTF_8);
        double after = 0;
        double before = 0;
        int n = 0;
        for (String line : text.split("\n")) {
            if (!line.contains("Pause")) {
                continue;
            }
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                before = Math.max(before, mb(m.group(1), m.group(2)));
                after = Math.max(after, mb(m.group(3), m.group(4)));
                n++;
            }
        }
        return new double[] {after, before, n};
    }

    private static double mb(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    static String markdown(String label, String heap, List<Run> runs, Run casesOnly, List<Copy> copies, double[] casesFloor) {
        StringBuilder md = new StringBuilder(label).append("\n\n");
        md.append(String.format(Locale.ROOT, "Each export: `POST /api/v1/exports {\"format\": F, \"purpose\": \"benchmark\"}` as "
                + "`analyst` (real Keycloak token), polled every 100 ms until `completed`; *s* is the client's wall time from the "
                + "POST to the completed status. The reporting service runs with `-Xmx%s`; *peak heap sampled* is the largest sum "
                + "of `jvm_memory_used_bytes{area=\"heap\"}` over the pools from `/q/metrics` every 200 ms during the export "
                + "(garbage included); *after GC* is the largest heap after a collection in the JVM's own GC log "
                + "(`-Xlog:gc`) during the export — the live set, the figure that shows the export's memory is bounded.%n%n", heap));
        md.append("| export | s | rows (all tables) | rows/s | cases rows | cases rows/s | zip MB | peak heap sampled MB | "
                + "peak after GC MB | GCs |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Run> all = new ArrayList<>(runs);
        if (casesOnly != null) {
            all.add(casesOnly);
        }
        for (Run r : all) {
            long cases = r.rows().getOrDefault(ExportTables.CASES, 0L);
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %,d | %,.0f | %,d | %s | %.1f | %.0f | %s | %d |%n", r.label(),
                    r.seconds(), r.totalRows(), r.totalRows() / r.seconds(), cases,
                    r.rows().size() == 1 ? String.format(Locale.ROOT, "%,.0f", cases / r.seconds()) : "—",
                    r.zipBytes() / 1048576.0, r.peakSampledMb(),
                    r.gcs() == 0 ? "— (no GC)" : String.format(Locale.ROOT, "%.0f", r.peakAfterGcMb()), r.gcs()));
        }
        if (!runs.isEmpty()) {
            md.append("\nRows per table (from each job's `files`): ");
            md.append(String.join(", ", runs.get(0).rows().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue())).toList())).append(".\n");
        }
        if (!copies.isEmpty() && casesOnly != null) {
            md.append("\nThe machine's own limit, same run: PostgreSQL's `COPY (SELECT …) TO STDOUT WITH (FORMAT csv)` of each "
                    + "table with the export's own SQL (`ExportRepository.tableSql`, the cases-only export's id as the scope), "
                    + "read from Java through pgjdbc's CopyManager into a null stream, after the exports. *CSV export rows/s*: the "
                    + "cases-only CSV export for `cases` (its wall time includes fixing the scope and the release-risk pass, as "
                    + "every export's does), the CSV export of all tables for *all tables*.\n\n");
            md.append("| table | rows | COPY s | COPY rows/s | CSV export rows/s | CSV / COPY |\n|---|---:|---:|---:|---:|---:|\n");
            Run csvAll = runs.stream().filter(r -> r.format().equals("csv")).findFirst().orElse(null);
            double copyAllRows = 0;
            double copyAllSeconds = 0;
            for (Copy c : copies) {
                copyAllRows += c.rows();
                copyAllSeconds += c.seconds();
                double copyRate = c.rows() / c.seconds();
                String exportRate = "—";
                String ratio = "—";
                if (c.table().equals(ExportTables.CASES)) {
                    double e = casesOnly.rows().getOrDefault(ExportTables.CASES, 0L) / casesOnly.seconds();
                    exportRate = String.format(Locale.ROOT, "%,.0f", e);
                    ratio = String.format(Locale.ROOT, "**%.2f**", e / copyRate);
                }
                md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s | %s |%n", c.table(), c.rows(), c.seconds(),
                        copyRate, exportRate, ratio));
            }
            double copyAllRate = copyAllRows / copyAllSeconds;
            md.append(String.format(Locale.ROOT, "| all tables | %,.0f | %.2f | %,.0f | %s | %s |%n", copyAllRows, copyAllSeconds,
                    copyAllRate, csvAll == null ? "—" : String.format(Locale.ROOT, "%,.0f", csvAll.totalRows() / csvAll.seconds()),
                    csvAll == null ? "—" : String.format(Locale.ROOT, "**%.2f**", csvAll.totalRows() / csvAll.seconds() / copyAllRate)));
            md.append("\nAll tables, each format beside COPY's rows/s over all tables: ");
            List<String> parts = new ArrayList<>();
            for (Run r : runs) {
                parts.add(String.format(Locale.ROOT, "%s %,.0f rows/s (%.2f× COPY)", r.format(), r.totalRows() / r.seconds(),
                        r.totalRows() / r.seconds() / copyAllRate));
            }
            md.append(String.join(", ", parts)).append(". Target for CSV: ≥ 0.5× COPY.\n");
            if (casesFloor != null) {
                long rows = casesOnly.rows().getOrDefault(ExportTables.CASES, 0L);
                md.append(String.format(Locale.ROOT, "%nThe `cases` SQL twice more, same run: COPY without parallel workers "
                        + "(`max_parallel_workers_per_gather = 0`) %.2f s (%,.0f rows/s); read as the export reads it — one "
                        + "repeatable-read, read-only transaction, 2,000 rows per fetch, every cell as text, nothing written — "
                        + "%.2f s (%,.0f rows/s). A cursor's fetch-limited reads never get PostgreSQL's parallel workers; "
                        + "COPY does.%n", casesFloor[0], rows / casesFloor[0], casesFloor[1], rows / casesFloor[1]));
            }
        }
        md.append(String.format(Locale.ROOT, "%nMeasured at %s.%n", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        return md.toString();
    }
}
