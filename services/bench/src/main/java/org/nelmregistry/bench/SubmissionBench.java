package org.nelmregistry.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.generator.CohortGenerator;
import org.nelmregistry.generator.GeneratedCase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code submission} section of {@code ./registry bench}: {@code POST /api/v1/cases} of generated cases by
 * 1, 8 and 32 clients with real Keycloak tokens (each case with its centre's submitter), beside {@code pgbench}
 * running the service's own write transaction (the statements it sends, same rows, same JSON) at the same
 * concurrency, and beside a single-row insert of the case JSON.
 *
 * <pre>
 * SubmissionBench --base URL --realm URL --jdbc URL --user U --password P --clients 1,8,32 --seconds S
 *                 --warmup W --pool N --centres M --seed S --workdir DIR --window FILE --out FILE [--label TEXT]
 * </pre>
 * Exits 1 when any figure is missing. The service's load window (epoch ms, first to last timed request) goes
 * to {@code --window} for the memory section.
 */
public final class SubmissionBench {

    /** One measured level: throughput, latency percentiles (ms), counts. */
    record Level(String what, int clients, double perSecond, double p50, double p95, double p99, long ok, long failed) {
        boolean present() {
            return ok > 0 && !Double.isNaN(perSecond);
        }
    }

    private SubmissionBench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(ReportBench.options(args)));
    }

    static int run(Map<String, String> o) throws Exception {
        String base = ReportBench.need(o, "base");
        String realm = ReportBench.need(o, "realm");
        int[] levels = Arrays.stream(o.getOrDefault("clients", "1,8,32").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        int poolSize = Integer.parseInt(o.getOrDefault("pool", "5000"));
        int centres = Integer.parseInt(o.getOrDefault("centres", "25"));
        long seed = Long.parseLong(o.getOrDefault("seed", "2026"));
        Path work = Path.of(ReportBench.need(o, "workdir"));
        Files.createDirectories(work);
        List<String> missing = new ArrayList<>();

        // the cases: a generated pool, each request one of them under a local_ref of its own (a new case each time)
        List<GeneratedCase> pool = CohortGenerator.generate(poolSize, centres, seed);
        List<Body> bodies = new ArrayList<>(pool.size());
        for (GeneratedCase g : pool) {
            bodies.add(Body.of(g));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ReportBench.Tokens tokens = new ReportBench.Tokens(http, realm);
        TreeSet<String> users = new TreeSet<>();
        for (Body b : bodies) {
            users.add(b.user());
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        AtomicLong next = new AtomicLong();

        System.err.printf("submission: %d s warm-up at 8 clients, then %d s per level %s%n", warmup, seconds,
                Arrays.toString(levels));
        if (warmup > 0) {
            service(http, base, bodies, tokenMap(tokens, users), 8, warmup, run, next);
        }
        List<Level> service = new ArrayList<>();
        long windowStart = System.currentTimeMillis();
        for (int c : levels) {
            Level l = service(http, base, bodies, tokenMap(tokens, users), c, seconds, run, next);
            print(l);
            service.add(l);
        }
        long windowEnd = System.currentTimeMillis();
        if (o.containsKey("window")) {
            Files.writeString(Path.of(o.get("window")), windowStart + " " + windowEnd + "\n");
        }

        // the machine's own limit: the service's write transaction by pgbench, and a single-row insert of the JSON
        List<Level> pgTx = new ArrayList<>();
        List<Level> pgInsert = new ArrayList<>();
        Sample sample;
        try (Connection conn = ReportBench.connect(o)) {
            sample = Sample.median(conn);
            try (Statement st = conn.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_single_insert");
                st.execute("CREATE TABLE bench_single_insert (id bigserial PRIMARY KEY, data jsonb NOT NULL)");
            }
        }
        Path txScript = work.resolve("submission-transaction.sql");
        Path insertScript = work.resolve("single-insert.sql");
        Files.writeString(txScript, sample.transactionScript());
        Files.writeString(insertScript, sample.insertScript());
        Pgbench pgbench = new Pgbench(ReportBench.need(o, "jdbc"), ReportBench.need(o, "user"), ReportBench.need(o, "password"),
                work);
        for (int c : levels) {
            Level t = pgbench.run("pgbench: the service's transaction", txScript, c, seconds);
            print(t);
            pgTx.add(t);
        }
        for (int c : levels) {
            Level t = pgbench.run("pgbench: single-row insert", insertScript, c, seconds);
            print(t);
            pgInsert.add(t);
        }

        StringBuilder md = new StringBuilder();
        md.append(o.getOrDefault("label", "")).append("\n\n");
        md.append(String.format(Locale.ROOT, "Each level: %d s, closed loop (each client sends its next case when the last "
                + "one answered), after a %d s warm-up at 8 clients; each request a new case (a generated one of a pool of %,d "
                + "under a local_ref of its own) with the token of its centre's submitter (%d centres). The machine's own "
                + "limit, same run, same PostgreSQL: `pgbench -n -M prepared -j 2 -c <clients> -T %d` of the service's write "
                + "transaction, the statements it sends as captured with `log_statement` (advisory lock on the local_ref, the "
                + "lookup, inserts into `cases`, `case_revisions`, `outbox` … RETURNING, `audit_events` … RETURNING; the "
                + "rows and JSON of the service's median-size stored case, %,d bytes, the JSON parsed per transaction), and a "
                + "single-row autocommit insert of the same JSON into a `jsonb` table. Latencies in ms; *service / pgbench* "
                + "and *service / insert* are the cases/s ratios.%n%n", seconds, warmup, poolSize, users.size(), seconds,
                sample.data().length()));
        md.append("| clients | service cases/s | p50 | p95 | p99 | failed | pgbench tx/s | p50 | p95 | p99 | service / pgbench "
                + "| single insert/s | p50 | p99 | service / insert |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < levels.length; i++) {
            Level s = service.get(i);
            Level t = pgTx.get(i);
            Level n = pgInsert.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %d | %.0f | %.1f | %.1f | %.1f | %.2f "
                    + "| %.0f | %.1f | %.1f | %.3f |%n", levels[i], s.perSecond(), s.p50(), s.p95(), s.p99(), s.failed(),
                    t.perSecond(), t.p50(), t.p95(), t.p99(), s.perSecond() / t.perSecond(), n.perSecond(), n.p50(), n.p99(),
                    s.perSecond() / n.perSecond()));
            for (Level l : List.of(s, t, n)) {
                if (!l.present()) {
                    missing.add(l.what() + " at " + l.clients() + " clients");
                }
            }
        }
        md.append(ReportBench.loadAverage());
        return ReportBench.writePart(Path.of(ReportBench.need(o, "out")), md, missing);
    }

    static Map<String, String> tokenMap(ReportBench.Tokens tokens, TreeSet<String> users)
            throws IOException, InterruptedException {
        // fetched before a level, so no client waits for Keycloak inside a timed level
        Map<String, String> m = new HashMap<>();
        for (String u : users) {
            m.put(u, tokens.get(u));
        }
        return m;
    }

    private static void print(Level l) {
        System.out.printf(Locale.ROOT, "%-40s %3d clients: %8.0f /s  p50 %6.1f  p95 %6.1f  p99 %6.1f ms  (%d ok, %d failed)%n",
                l.what(), l.clients(), l.perSecond(), l.p50(), l.p95(), l.p99(), l.ok(), l.failed());
    }

    /** {@code clients} threads posting cases for {@code seconds}; only 201 counts as a submitted case. */
    static Level service(HttpClient http, String base, List<Body> bodies, Map<String, String> tokens, int clients,
            int seconds, String run, AtomicLong next) throws InterruptedException {
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        LongAdder failed = new LongAdder();
        URI uri = URI.create(base + "/api/v1/cases");
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            Thread th = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long i = next.getAndIncrement();
                    Body b = bodies.get((int) (i % bodies.size()));
                    HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + tokens.get(b.user()))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(b.with("B" + run + "-" + i))).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
                        long us = (System.nanoTime() - t0) / 1000;
                        if (res.statusCode() == 201) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = us;
                        } else {
                            failed.increment();
                        }
                    } catch (IOException e) {
                        failed.increment();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                latencies.add(Arrays.copyOf(mine, n));
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
        return level("service: POST /api/v1/cases", clients, all, elapsed, failed.sum());
    }

    static Level level(String what, int clients, long[] micros, double seconds, long failed) {
        double[] ms = Arrays.stream(micros).mapToDouble(u -> u / 1000.0).toArray();
        return new Level(what, clients, micros.length / seconds, ReportBench.percentile(ms, 50), ReportBench.percentile(ms, 95),
                ReportBench.percentile(ms, 99), micros.length, failed);
    }

    /** A generated case as request text, split around its local_ref so each request gets a new one cheaply. */
    record Body(String user, String before, String after) {
        static Body of(GeneratedCase g) {
            ObjectNode body = g.body();
            String text = body.toString();
            String ref = "\"local_ref\":\"" + g.localRef() + "\"";
            int at = text.indexOf(ref);
            if (at < 0) {
                throw new IllegalStateException("generated case without its local_ref");
            }
            int valueStart = at + "\"local_ref\":\"".length();
            return new Body("c" + g.centreId().substring(1).toLowerCase(Locale.ROOT) + "-submitter", text.substring(0, valueStart),
                    text.substring(valueStart + g.localRef().length()));
        }

        String with(String localRef) {
            return before + localRef + after;
        }
    }

    /**
     * A case the service stored (the median by JSON size), as the rows of its write transaction: the same columns
     * and JSON go into the pgbench scripts.
     */
    record Sample(String centre, String user, String completeness, String firstProcedureDate, int formVersion,
            String procedureTypes, String qualityFlags, String localRef, String data, String payload) {

        static Sample median(Connection conn) throws SQLException {
            String q = "SELECT c.centre_id, c.created_by, c.completeness::text, c.first_procedure_date::text, c.form_version, "
                    + "c.procedure_types::text, c.quality_flags::text, c.local_ref, c.data::text, o.payload::text "
                    + "FROM cases c JOIN outbox o ON o.event_key = c.id::text AND o.event_type = 'CaseSubmitted' "
                    + "ORDER BY length(c.data::text), c.id OFFSET (SELECT count(*) / 2 FROM cases) LIMIT 1";
            try (PreparedStatement ps = conn.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the service stored no case: nothing to replay with pgbench");
                }
                return new Sample(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
            }
        }

        /** The statements the service sends for one new case (captured with log_statement), as a pgbench script. */
        String transactionScript() {
            String ref = "'pgb-' || :r";
            String id = "md5('c' || :r)::uuid";
            String cols = "cr1_0.id,cr1_0.centre_id,cr1_0.completeness,cr1_0.created_at,cr1_0.created_by,cr1_0.data,"
                    + "cr1_0.first_procedure_date,cr1_0.form_version,cr1_0.local_ref,cr1_0.procedure_types,cr1_0.quality_flags,"
                    + "cr1_0.revision,cr1_0.status,cr1_0.updated_at,cr1_0.updated_by,cr1_0.withdrawn_at";
            return "-- the submission service's write transaction for one new case (./registry bench submission)\n"
                    + "\\set r random(1, 9000000000000000000)\n"
                    + "BEGIN;\n"
                    + "SELECT CAST(pg_advisory_xact_lock(hashtextextended('cases.local_ref' || chr(10) || " + lit(centre)
                    + " || chr(10) || " + ref + ", 0)) AS text);\n"
                    + "select " + cols + " from cases cr1_0 where cr1_0.centre_id=" + lit(centre) + " and cr1_0.local_ref="
                    + ref + " and cr1_0.status='active' fetch first 1 rows only;\n"
                    + "insert into cases (centre_id,completeness,created_at,created_by,data,first_procedure_date,form_version,"
                    + "local_ref,procedure_types,quality_flags,revision,status,updated_at,updated_by,withdrawn_at,id) values ("
                    + lit(centre) + "," + completeness + ",now()," + lit(user) + "," + json(data) + ","
                    + (firstProcedureDate == null ? "NULL" : lit(firstProcedureDate) + "::date") + "," + formVersion + "," + ref
                    + "," + lit(procedureTypes) + "::varchar[]," + json(qualityFlags) + ",1,'active',now()," + lit(user)
                    + ",NULL," + id + ");\n"
                    + "insert into case_revisions (changed_at,changed_by,data,case_id,revision) values (now()," + lit(user) + ","
                    + json(data) + "," + id + ",1);\n"
                    + "insert into outbox (created_at,event_id,event_key,event_type,payload,published_at,topic) values (now(),"
                    + "md5('e' || :r)::uuid," + id + "::text,'CaseSubmitted'," + json(payload)
                    + ",NULL,'registry.case-events.v1') RETURNING *;\n"
                    + "insert into audit_events (action,actor,at,case_id,centre_id,detail) values ('create'," + lit(user)
                    + ",now()," + id + "," + lit(centre) + ",NULL) RETURNING *;\n"
                    + "COMMIT;\n";
        }

        String insertScript() {
            return "-- reference: a single-row insert of the same case JSON (./registry bench submission)\n"
                    + "\\set r random(1, 9000000000000000000)\n"
                    + "INSERT INTO bench_single_insert (data) VALUES (" + json(data) + ");\n";
        }

        /**
         * The JSON as an expression parsed per transaction (as the service's parameter is), with this transaction's
         * local_ref in place of the sample's. pgbench takes {@code :name} anywhere as a variable, so a colon inside a
         * JSON string is written as the JSON escape {@code \u003a} (the stored value is the same).
         */
        String json(String text) {
            String quotedRef = "\"" + localRef + "\"";
            String[] parts = text.split(java.util.regex.Pattern.quote(quotedRef), -1);
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    sb.append(" || '\"pgb-' || :r || '\"' || ");
                }
                sb.append(lit(escapeColons(parts[i])));
            }
            return sb.append(")::jsonb").toString();
        }

        static String escapeColons(String json) {
            StringBuilder sb = new StringBuilder(json.length());
            boolean inString = false;
            for (int i = 0; i < json.length(); i++) {
                char ch = json.charAt(i);
                if (inString && ch == '\\') {
                    sb.append(ch).append(json.charAt(++i));
                    continue;
                }
                if (ch == '"') {
                    inString = !inString;
                }
                sb.append(inString && ch == ':' ? "\\u003a" : String.valueOf(ch));
            }
            return sb.toString();
        }

        static String lit(String s) {
            return "'" + s.replace("'", "''") + "'";
        }
    }

    /** pgbench at a concurrency: tx/s from its summary, latency percentiles from its per-transaction log. */
    record Pgbench(String jdbc, String user, String password, Path work) {

        Level run(String what, Path script, int clients, int seconds) throws IOException, InterruptedException {
            Level l = once(what, script, clients, seconds);
            // a very short run on a busy machine can end before its clients have connected: once more, longer
            return l.present() ? l : once(what, script, clients, seconds * 3);
        }

        Level once(String what, Path script, int clients, int seconds) throws IOException, InterruptedException {
            // jdbc:postgresql://host:port/db?…
            String rest = jdbc.substring("jdbc:postgresql://".length());
            String hostPort = rest.substring(0, rest.indexOf('/'));
            String db = rest.substring(rest.indexOf('/') + 1).replaceAll("\\?.*", "");
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
            String port = hostPort.contains(":") ? hostPort.substring(hostPort.indexOf(':') + 1) : "5432";
            String prefix = "pgbench-" + script.getFileName().toString().replace(".sql", "") + "-" + clients;
            try (var old = Files.list(work)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith(prefix + ".")).toList()) {
                    Files.delete(p);
                }
            }
            ProcessBuilder pb = new ProcessBuilder("pgbench", "-n", "-M", "prepared", "-h", host, "-p", port, "-U", user,
                    "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(2, clients)), "-T", Integer.toString(seconds),
                    "-f", script.toString(), "-l", "--log-prefix=" + work.resolve(prefix), db);
            pb.environment().put("PGPASSWORD", password);
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            int rc = p.waitFor();
            double tps = Double.NaN;
            long failed = 0;
            for (String line : out.split("\n")) {
                if (line.startsWith("tps = ")) {
                    tps = Double.parseDouble(line.substring(6).split(" ")[0]);
                } else if (line.startsWith("number of failed transactions:")) {
                    failed = Long.parseLong(line.replaceAll("^number of failed transactions: *([0-9]+).*$", "$1"));
                }
            }
            if (rc != 0 || Double.isNaN(tps)) {
                System.err.println("pgbench failed (exit " + rc + "):\n" + out);
                return new Level(what, clients, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, failed);
            }
            // per-transaction log lines: client_id transaction_no time_us script_no epoch epoch_us
            List<Long> micros = new ArrayList<>();
            try (var logs = Files.list(work)) {
                for (Path log : logs.filter(f -> f.getFileName().toString().startsWith(prefix + ".")).toList()) {
                    for (String line : Files.readAllLines(log)) {
                        String[] f = line.split(" ");
                        if (f.length >= 3 && !f[2].equals("failed") && !f[2].equals("skipped")) {
                            micros.add(Long.parseLong(f[2]));
                        }
                    }
                    Files.delete(log);
                }
            }
            Level l = level(what, clients, micros.stream().mapToLong(Long::longValue).toArray(), 1, failed);
            return new Level(what, clients, tps, l.p50(), l.p95(), l.p99(), micros.size(), failed);
        }
    }
}
