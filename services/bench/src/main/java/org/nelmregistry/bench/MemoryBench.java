package org.nelmregistry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code memory} section of {@code ./registry bench}: resident memory of each service under the load of the
 * {@code submission} and {@code ingest} sections, from the samples the launcher took of {@code /proc/<pid>/status}
 * while they ran ({@code rss-<service>.tsv}: epoch ms, VmRSS kB, VmHWM kB) and the sections' load windows
 * ({@code load-<service>.window}: first and last epoch ms of the load).
 *
 * <pre>
 * MemoryBench --dir DIR --services submission,deidentification,reporting --heap 256m --target-mb 300 --out FILE [--label TEXT]
 * </pre>
 * Peak: the largest VmHWM (the kernel's high-water mark of the resident set, start-up included). Under load: the
 * largest VmRSS inside the load window. Steady: the median VmRSS over the second half of the load window.
 * Exits 1 when a service has no samples inside its load window.
 */
public final class MemoryBench {

    private MemoryBench() {
    }

    record Sample(long ms, long rssKb, long hwmKb) {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(ReportBench.options(args)));
    }

    static int run(Map<String, String> o) throws IOException {
        Path dir = Path.of(ReportBench.need(o, "dir"));
        String heap = o.getOrDefault("heap", "256m");
        double target = Double.parseDouble(o.getOrDefault("target-mb", "300"));
        long memTotalKb = 0;
        long memAvailableKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memTotalKb = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("MemAvailable:")) {
                memAvailableKb = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        List<String> missing = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append(o.getOrDefault("label", "")).append("\n\n");
        md.append(String.format(Locale.ROOT, "Resident set of each packaged service (`-Xmx%s`), sampled every 0.5 s from "
                + "`/proc/<pid>/status` while the sections above ran: *peak* is VmHWM (the kernel's high-water mark, start-up "
                + "included), *under load* the largest VmRSS while the section loaded the service (submission: the timed "
                + "client levels; de-identification and reporting: the replay), *steady* the median VmRSS over the second "
                + "half of that window. The machine's own limit, same run: %,.0f MB of RAM, %,.0f MB available now; "
                + "*steady / target* against the issue's 300 MB per service.%n%n", heap, memTotalKb / 1024.0,
                memAvailableKb / 1024.0));
        md.append("| service | samples under load | peak VmHWM MB | under load max VmRSS MB | steady VmRSS MB | steady / 300 MB "
                + "| steady / machine RAM |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (String service : ReportBench.need(o, "services").split(",")) {
            Path rss = dir.resolve("rss-" + service + ".tsv");
            Path window = dir.resolve("load-" + service + ".window");
            if (!Files.exists(rss) || !Files.exists(window)) {
                missing.add(service + " (no samples or no load window)");
                continue;
            }
            String[] w = Files.readString(window).trim().split("\\s+");
            long from = Long.parseLong(w[0]);
            long to = Long.parseLong(w[1]);
            List<Sample> all = new ArrayList<>();
            for (String line : Files.readAllLines(rss)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3) {
                    all.add(new Sample(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
                }
            }
            long peak = all.stream().mapToLong(Sample::hwmKb).max().orElse(0);
            List<Sample> load = all.stream().filter(s -> s.ms() >= from && s.ms() <= to).toList();
            long mid = from + (to - from) / 2;
            double[] steady = load.stream().filter(s -> s.ms() >= mid).mapToDouble(Sample::rssKb).toArray();
            if (load.isEmpty() || steady.length == 0) {
                missing.add(service + " (no sample inside its load window)");
                continue;
            }
            long loadMax = load.stream().mapToLong(Sample::rssKb).max().orElse(0);
            double steadyKb = ReportBench.percentile(steady, 50);
            System.out.printf(Locale.ROOT, "%-18s peak %6.0f MB, under load max %6.0f MB, steady %6.0f MB (%d samples)%n", service,
                    peak / 1024.0, loadMax / 1024.0, steadyKb / 1024.0, load.size());
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.2f | %.3f |%n", service, load.size(), peak / 1024.0,
                    loadMax / 1024.0, steadyKb / 1024.0, steadyKb / 1024.0 / target, steadyKb / memTotalKb));
        }
        return ReportBench.writePart(Path.of(ReportBench.need(o, "out")), md, missing);
    }
}
