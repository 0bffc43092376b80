package org.nelmregistry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code reports} section of {@code ./registry bench}: report latency over HTTP, measured from the client,
 * beside the time PostgreSQL takes for the plain scan the reports start from.
 *
 * <pre>
 * ReportBench load    --jdbc URL --user U --password P --cases N --centres M --seed S
 * ReportBench measure --jdbc URL --user U --password P --base URL --realm URL --warmup W --iterations N
 *                     --out FILE [--label TEXT]
 * </pre>
 * {@code measure} exits 1 when any figure is missing (a request that did not answer 200, a token, the freeze).
 */
public final class ReportBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] ROLES = {"steering", "analyst", "c001-lead"};
    static final String[] INDICATORS = {"death_90d", "major_morbidity", "phlf_bc", "r0_resection"};
    /** The columns the reports read per case (AnalyticRepository.CASE_COLUMNS), in the order the service reads them. */
    static final String SCAN = "SELECT case_pseudonym, patient_pseudonym, centre_id, index_year, age_at_index, sex, "
            + "consent_scope, primary_site, who_grade, distribution_type, index_procedure_type, index_procedure_intent, "
            + "death_90d, major_morbidity, phlf_bc, r0_resection, os_days, os_event, rfs_days, rfs_event "
            + "FROM analytic_cases ORDER BY case_pseudonym";

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "load" -> load(o);
            case "measure" -> System.exit(measure(o));
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: ReportBench load|measure --option value ... (see the class comment)");
        System.exit(2);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage();
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }

    static String need(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            System.err.println("missing --" + key);
            System.exit(2);
        }
        return v;
    }

    static Connection connect(Map<String, String> o) throws SQLException {
        return DriverManager.getConnection(need(o, "jdbc"), need(o, "user"), need(o, "password"));
    }

    // ------------------------------------------------------------------ load

    static void load(Map<String, String> o) throws SQLException {
        int cases = Integer.parseInt(need(o, "cases"));
        int centres = Integer.parseInt(need(o, "centres"));
        long seed = Long.parseLong(need(o, "seed"));
        long t0 = System.nanoTime();
        try (Connection conn = connect(o)) {
            long analytic = new ReportLoader().load(conn, cases, centres, seed);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "loaded %d generated cases (%d with an analytic row) over %d centres in %.1f s%n",
                    cases, analytic, centres, s);
        }
    }

    // ------------------------------------------------------------------ measure

    /** One report request of the benchmark. */
    record Report(String name, String path, List<String> roles) {
    }

    record Figure(String report, String role, double p50, double p95, double max, double first) {
    }

    static int measure(Map<String, String> o) throws Exception {
        String base = need(o, "base");
        String realm = need(o, "realm");
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        int iterations = Integer.parseInt(o.getOrDefault("iterations", "50"));
        Path out = Path.of(need(o, "out"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Tokens tokens = new Tokens(http, realm);
        List<String> missing = new ArrayList<>();

        // the machine's own limit: the plain scan every report starts from, in the same run
        long cases;
        double[] scan;
        try (Connection conn = connect(o)) {
            cases = count(conn);
            scan = scanTimes(conn, warmup, iterations);
        }
        double scanP50 = percentile(scan, 50);
        double scanP95 = percentile(scan, 95);
        System.out.printf(Locale.ROOT, "PostgreSQL plain scan of analytic_cases (%d rows, the reports' 20 columns): "
                + "p50 %.0f ms, p95 %.0f ms%n", cases, scanP50, scanP95);

        String freeze = "bench-" + System.currentTimeMillis();
        HttpResponse<String> fr = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/freezes"))
                .header("Authorization", "Bearer " + tokens.get("data-manager")).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + freeze + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (fr.statusCode() != 201 && fr.statusCode() != 200) {
            missing.add("freeze (POST /api/v1/freezes answered " + fr.statusCode() + ")");
        }

        List<String> all = List.of(ROLES);
        List<Report> reports = new ArrayList<>();
        reports.add(new Report("summary", "/api/v1/reports/summary", all));
        reports.add(new Report("summary by=procedure_type,who_grade", "/api/v1/reports/summary?by=procedure_type,who_grade", all));
        reports.add(new Report("outcomes indicator=death_90d", "/api/v1/reports/outcomes?indicator=death_90d", all));
        reports.add(new Report("outcomes indicator=alpps_benchmarks", "/api/v1/reports/outcomes?indicator=alpps_benchmarks", all));
        reports.add(new Report("survival", "/api/v1/reports/survival", all));
        reports.add(new Report("survival by=who_grade", "/api/v1/reports/survival?by=who_grade", all));
        for (String i : INDICATORS) {
            reports.add(new Report("funnel indicator=" + i, "/api/v1/reports/funnel?indicator=" + i, all));
        }
        reports.add(new Report("completeness", "/api/v1/reports/completeness", all));
        reports.add(new Report("my-centre", "/api/v1/reports/my-centre", List.of("c001-lead")));
        reports.add(new Report("summary freeze=…", "/api/v1/reports/summary?freeze="
                + URLEncoder.encode(freeze, StandardCharsets.UTF_8), all));

        List<Figure> figures = new ArrayList<>();
        System.out.printf("%-40s %-10s %9s %9s %9s %9s %9s%n", "report", "role", "first ms", "p50 ms", "p95 ms", "max ms",
                "p95/scan");
        for (Report r : reports) {
            for (String role : r.roles()) {
                String token = tokens.get(role);
                double first = -1;
                double[] times = new double[iterations];
                boolean ok = true;
                for (int i = 0; i < warmup + iterations && ok; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + r.path()))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(5)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (res.statusCode() != 200) {
                        missing.add(r.name() + " as " + role + " (HTTP " + res.statusCode() + ")");
                        ok = false;
                    } else if (i == 0) {
                        first = ms;
                    }
                    if (i >= warmup) {
                        times[i - warmup] = ms;
                    }
                }
                if (!ok) {
                    continue;
                }
                Figure f = new Figure(r.name(), role, percentile(times, 50), percentile(times, 95),
                        Arrays.stream(times).max().orElse(0), first);
                figures.add(f);
                System.out.printf(Locale.ROOT, "%-40s %-10s %9.0f %9.0f %9.0f %9.0f %9.1f%n", f.report(), f.role(), f.first(),
                        f.p50(), f.p95(), f.max(), f.p95() / scanP95);
            }
        }

        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%s%n%nAnalytic store: %,d cases. Each report: %d warm-up then %d timed requests, "
                + "one client, HTTP/1.1, real Keycloak tokens; *first* is the first (cold) request of that report and role. "
                + "The machine's own limit, same run: PostgreSQL's plain scan of the 20 columns the reports read from "
                + "`analytic_cases` (JDBC, all rows fetched), p50 **%.0f ms**, p95 **%.0f ms**; *p95 / scan* is the report's p95 "
                + "over the scan's p95.%n%n", o.getOrDefault("label", ""), cases, warmup, iterations, scanP50, scanP95));
        md.append("| report | role | first ms | p50 ms | p95 ms | max ms | p95 / scan |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (Figure f : figures) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.2f |%n", f.report().replace("|", "\\|"),
                    f.role(), f.first(), f.p50(), f.p95(), f.max(), f.p95() / scanP95));
        }
        if (!missing.isEmpty()) {
            md.append("\nMissing figures: ").append(String.join("; ", missing)).append('\n');
        }
        Files.writeString(out, md.toString());
        int expected = 0;
        for (Report r : reports) {
            expected += r.roles().size();
        }
        if (!missing.isEmpty() || figures.size() != expected || cases == 0) {
            System.err.println("missing figures: " + (missing.isEmpty() ? (expected - figures.size()) + " of " + expected : missing));
            return 1;
        }
        return 0;
    }

    static long count(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM analytic_cases"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Milliseconds of each timed run of the plain scan, every row and column read (as the service reads them). */
    static double[] scanTimes(Connection conn, int warmup, int iterations) throws SQLException {
        conn.setAutoCommit(false); // a fetch size only streams inside a transaction
        double[] out = new double[iterations];
        for (int i = 0; i < warmup + iterations; i++) {
            long t0 = System.nanoTime();
            long sink = 0;
            try (PreparedStatement ps = conn.prepareStatement(SCAN)) {
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int c = 1; c <= 20; c++) {
                            Object v = rs.getObject(c);
                            sink += v == null ? 0 : 1;
                        }
                    }
                }
            }
            conn.commit();
            if (i >= warmup) {
                out[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
            if (sink < 0) {
                throw new IllegalStateException();
            }
        }
        return out;
    }

    /**
     * Writes a section's part (with the figures it could not produce listed at its end) and returns the
     * exit status: 1 when a figure is missing, so {@code ./registry bench --quick} fails.
     */
    static int writePart(java.nio.file.Path out, CharSequence md, List<String> missing) throws java.io.IOException {
        String text = md.toString();
        if (!missing.isEmpty()) {
            text += "\nMissing figures: " + String.join("; ", missing) + "\n";
        }
        Files.writeString(out, text);
        if (!missing.isEmpty()) {
            System.err.println("missing figures: " + missing);
            return 1;
        }
        return 0;
    }

    /** The load average when a section ends: the machine may have been shared while it ran. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.format(Locale.ROOT, "%nLoad average (1, 5, 15 min) when the section ended: %s %s %s on %d cores.%n", f[0], f[1],
                    f[2], Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            return "";
        }
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    /** Password-grant tokens of the development realm (password = user name), renewed before they expire. */
    static final class Tokens {
        private final HttpClient http;
        private final String realm;
        private final Map<String, String> tokens = new HashMap<>();
        private final Map<String, Long> expires = new HashMap<>();

        Tokens(HttpClient http, String realm) {
            this.http = http;
            this.realm = realm;
        }

        String get(String user) throws IOException, InterruptedException {
            Long until = expires.get(user);
            if (until != null && System.currentTimeMillis() < until) {
                return tokens.get(user);
            }
            String form = "grant_type=password&client_id=registry-cli&username=" + user + "&password=" + user;
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IOException("no token for " + user + " (HTTP " + res.statusCode() + ")");
            }
            JsonNode t = JSON.readTree(res.body());
            tokens.put(user, t.path("access_token").asText());
            // renew five minutes early, so a token never expires during one report's requests
            expires.put(user, System.currentTimeMillis() + Math.max(0, t.path("expires_in").asLong(60) - 300) * 1000);
            return tokens.get(user);
        }
    }
}
