package org.nelmregistry.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./registry generate --cases N --centres M --seed S (--submit | --out FILE --format json|csv)}.
 * Exit codes: 0 done, 1 rejected rows or a failed import, 2 bad arguments.
 */
public final class Generate {

    private static final String USAGE = """
            usage: generate [--cases N] [--centres M] [--seed S] [--as-of YYYY-MM-DD]
                            (--out FILE [--format json|csv] [--centre Cnnn] | --submit [options])
              --cases N          cases in the cohort (default 3000)
              --centres M        centres C001..CMMM, volumes skewed, C001 largest (default 25)
              --seed S           same seed, same cases, byte for byte (default 1)
              --as-of DATE       data cut-off: no date after it (default %s)
              --out FILE         write the cases: a JSON array of POST /api/v1/cases bodies, or the
                                 CSV import layout (docs/import-layout.md); '-' for stdout
              --format F         json or csv (default: from the file name, else json)
              --centre Cnnn      only that centre's cases (a file one centre can import)
              --submit           submit through POST /api/v1/imports, one token per centre
              --keycloak URL     realm URL (default http://127.0.0.1:8180/realms/registry)
              --submission URL   submission service (default http://127.0.0.1:8081)
              --user-pattern P   centre number -> user (default c%%03d-submitter; password = user name)
              --missing-users M  fail (default) or skip centres the realm has no user for
            """.formatted(CohortGenerator.DEFAULT_AS_OF);

    private Generate() {
    }

    public static void main(String[] args) throws Exception {
        int rc;
        try {
            rc = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("generate: " + e.getMessage());
            System.err.print(USAGE);
            rc = 2;
        } catch (IOException e) {
            System.err.println("generate: " + (e instanceof java.net.ConnectException ? "cannot connect (is the registry up?)" : e.toString()));
            rc = 1;
        }
        System.exit(rc);
    }

    static int run(String[] args) throws IOException, InterruptedException {
        Map<String, String> a = parse(args);
        int cases = integer(a.getOrDefault("cases", "3000"), "cases");
        int centres = integer(a.getOrDefault("centres", "25"), "centres");
        long seed;
        LocalDate asOf;
        try {
            seed = Long.parseLong(a.getOrDefault("seed", "1"));
            asOf = LocalDate.parse(a.getOrDefault("as-of", CohortGenerator.DEFAULT_AS_OF.toString()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--seed is a whole number and --as-of a date YYYY-MM-DD");
        }
        boolean submit = a.containsKey("submit");
        String out = a.get("out");
        if (submit == (out != null)) {
            throw new IllegalArgumentException("give either --submit or --out FILE");
        }
        if (asOf.isAfter(LocalDate.now())) {
            throw new IllegalArgumentException("--as-of lies in the future: the registry rejects future dates (R1)");
        }
        List<GeneratedCase> cohort = CohortGenerator.generate(new CohortGenerator.Options(cases, centres, seed, asOf));
        int[] volumes = CohortGenerator.centreVolumes(cases, centres);
        System.err.printf("generated %d cases over %d centres (seed %d, as of %s); volumes C001..: %s%n", cases, centres, seed, asOf,
                java.util.Arrays.toString(volumes));
        String mo = CohortGenerator.mortalityOutlier(centres);
        String ro = CohortGenerator.marginOutlier(centres);
        if (mo != null) {
            System.err.println("outliers: " + mo + " (higher 90-day mortality)" + (ro == null ? "" : ", " + ro + " (lower R0 rate)"));
        }
        if (out != null) {
            String centre = a.get("centre");
            List<ObjectNode> bodies = cohort.stream().filter(c -> centre == null || c.centreId().equals(centre))
                    .map(GeneratedCase::body).toList();
            String format = a.getOrDefault("format", out.endsWith(".csv") ? "csv" : "json");
            if (!format.equals("json") && !format.equals("csv")) {
                throw new IllegalArgumentException("--format is json or csv");
            }
            Writer w = out.equals("-") ? new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                    : Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8);
            try (Writer bw = new BufferedWriter(w)) {
                if (format.equals("csv")) {
                    CohortWriter.csv(bodies, bw);
                } else {
                    CohortWriter.json(bodies, bw);
                }
            }
            System.err.printf("wrote %d cases to %s (%s)%n", bodies.size(), out, format);
            return 0;
        }
        String missing = a.getOrDefault("missing-users", "fail");
        if (!missing.equals("fail") && !missing.equals("skip")) {
            throw new IllegalArgumentException("--missing-users is fail or skip");
        }
        Submitter s = new Submitter(a.getOrDefault("keycloak", "http://127.0.0.1:8180/realms/registry"),
                a.getOrDefault("submission", "http://127.0.0.1:8081"), a.getOrDefault("user-pattern", "c%03d-submitter"), System.err);
        Submitter.Result r;
        try {
            r = s.submit(cohort, missing.equals("skip"));
        } catch (IllegalStateException e) {
            System.err.println("generate: " + e.getMessage());
            return 1;
        }
        System.err.println("submitted: " + r.counts());
        if (!r.skippedCentres().isEmpty()) {
            System.err.println("skipped (no submitter user in the realm): " + String.join(", ", r.skippedCentres())
                    + " - see services/generator/README.md for the realm users a full demo needs");
        }
        return r.failed() ? 1 : 0;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (!k.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + k);
            }
            k = k.substring(2);
            if (k.equals("submit")) {
                m.put(k, "true");
                continue;
            }
            if (!List.of("cases", "centres", "seed", "as-of", "out", "format", "centre", "keycloak", "submission", "user-pattern",
                    "missing-users").contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + k + " needs a value");
            }
            m.put(k, args[++i]);
        }
        return m;
    }

    private static int integer(String v, String name) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is a whole number");
        }
    }
}
