package org.nelmregistry.bench;

import org.nelmregistry.testsupport.FaultScenario;
import org.nelmregistry.testsupport.FaultStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code faults} section of {@code ./registry bench}: kill -9 under load with two instances of each service
 * (issue #12). The scenario is test-support's {@link FaultScenario}, the one {@code ProcessKillIT} runs with 2,000
 * cases and one instance each; here on a broker of its own with 3 partitions per topic, two instances of each service
 * in the same consumer groups, both de-identification instances on one key set.
 *
 * <pre>
 * FaultBench --root DIR --work DIR --out FILE [--cases 20000] [--clients 16] [--centres 10] [--seed 2026]
 *            [--instances 2] [--kafka-port 19492] [--first-port 18391] [--db-suffix _bench_faults] [--settle-s 900] [--label TEXT]
 * </pre>
 * Needs REGISTRY_KAFKA_LIBS (the broker's jars), the test stack's Keycloak and the databases
 * {@code <service><db-suffix>}, empty. Writes its part of docs/benchmarks.md; exits 1 when a case was lost or
 * duplicated, a withdrawn or rejected one is stored, or the replay job did not end.
 */
public final class FaultBench {

    private FaultBench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(ReportBench.options(args)));
    }

    static int run(Map<String, String> o) throws Exception {
        Path root = Path.of(ReportBench.need(o, "root")).toAbsolutePath();
        int cases = Integer.parseInt(o.getOrDefault("cases", "20000"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "16"));
        int centres = Integer.parseInt(o.getOrDefault("centres", "10"));
        long seed = Long.parseLong(o.getOrDefault("seed", "2026"));
        int instances = Integer.parseInt(o.getOrDefault("instances", "2"));
        int partitions = 3;
        FaultStack.Options options = new FaultStack.Options(root, Path.of(ReportBench.need(o, "work")).toAbsolutePath(),
                Integer.parseInt(o.getOrDefault("kafka-port", "19492")), Integer.parseInt(o.getOrDefault("first-port", "18391")),
                instances, partitions, o.getOrDefault("db-suffix", "_bench_faults"), Map.of());
        List<String> users = new ArrayList<>();
        for (int c = 1; c <= centres; c++) {
            users.add(String.format("c%03d-submitter", c));
        }
        long started = System.nanoTime();
        try (FaultStack stack = FaultStack.start(options)) {
            // SIGTERM of the bench (the launcher's trap) still stops the processes it started
            Thread hook = new Thread(stack::close);
            Runtime.getRuntime().addShutdownHook(hook);
            double startSeconds = (System.nanoTime() - started) / 1e9;
            int kills = stack.targets().size(); // each instance and the broker once
            FaultScenario.Result r = FaultScenario.run(stack, new FaultScenario.Settings(cases, clients, seed, users,
                    0.25, 0.05, 0.03, kills, Duration.ofSeconds(Long.parseLong(o.getOrDefault("settle-s", "900"))),
                    "fb" + Long.toString(System.currentTimeMillis() % 1_679_616, 36))); // 4 base-36 digits
            Files.writeString(Path.of(ReportBench.need(o, "out")), markdown(o.getOrDefault("label", ""), r, instances, partitions,
                    clients, centres, startSeconds));
            boolean ok = r.lost() == 0 && r.duplicated() == 0 && r.withdrawnPresent() == 0 && r.rejectedPresent() == 0
                    && r.jobsFinished();
            Runtime.getRuntime().removeShutdownHook(hook);
            return ok ? 0 : 1;
        }
    }

    static String markdown(String label, FaultScenario.Result r, int instances, int partitions, int clients, int centres,
            double startSeconds) {
        StringBuilder md = new StringBuilder();
        md.append(label).append("\n\n");
        md.append(String.format(Locale.ROOT, "%,d cases from %d client threads with the real tokens of %d centres, "
                + "about a quarter revised (PUT with If-Match), 1 in 20 withdrawn, 3%% sent invalid first (rejected, 400), a "
                + "replay job started during the run; meanwhile each process — %d instances of each service in the same "
                + "consumer groups, and the broker (its own, %d partitions per topic) — killed with SIGKILL once, one at a "
                + "time, at a random moment (seed %d), and only that process started again on the same port and data. "
                + "Clients resend a request that failed because its service was down; one whose outcome was unknown is "
                + "resolved as a centre would (the same POST again — idempotent by `local_ref` — or the case read back). "
                + "Counted from the databases once the pipeline settled: *reported* = accepted, not withdrawn, in "
                + "reporting at its latest revision (revision and a marker field); *lost* = accepted and not so; "
                + "*duplicated* = a second case for one submission or a reporting record of no known case. "
                + "The stack took %.0f s to start (not counted).%n%n",
                r.submitted(), clients, centres, instances, partitions, r.seed(), startSeconds));
        md.append("| submitted | accepted | revisions | withdrawn | rejected | de-identified | reported | lost | duplicated "
                + "| withdrawn still reported | rejected stored |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %,d | %,d | %,d | **%d** | **%d** | %d | %d |%n%n",
                r.submitted(), r.accepted(), r.revisions(), r.withdrawn(), r.rejected(), r.deidentified(), r.reported(),
                r.lost(), r.duplicated(), r.withdrawnPresent(), r.rejectedPresent()));
        md.append("| kill | process | at | cases accepted by then | ready again after |\n|---:|---|---:|---:|---:|\n");
        int n = 1;
        for (FaultScenario.Kill k : r.kills()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.1f s | %,d | %.1f s |%n", n++, k.target(), k.atSeconds(),
                    k.atCases(), k.downSeconds()));
        }
        md.append(String.format(Locale.ROOT, "%nKills done: %d. Wall time %.0f s (clients %.0f s: %.0f accepted cases/s with "
                + "the kills and restarts included; the rest is the pipeline catching up). Requests with an unknown "
                + "outcome resolved: %,d; requests resent: %,d. Replay jobs: %s.%n",
                r.kills().size(), r.wallSeconds(), r.clientSeconds(), r.casesPerSecond(), r.unknownOutcomes(), r.retried(),
                String.join("; ", r.jobs())));
        return md.toString();
    }
}
