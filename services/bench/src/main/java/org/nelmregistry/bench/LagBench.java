package org.nelmregistry.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.nelmregistry.generator.CohortGenerator;
import org.nelmregistry.generator.GeneratedCase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code lag} section of {@code ./registry bench}: how long a case takes from its commit in submission to being
 * visible in reporting, with the whole pipeline (submission's outbox relay, de-identification, reporting) running on a
 * broker of the bench's own, at idle (one case at a time) and at a steady half of the pipeline's maximum, measured in
 * the same run (32 clients, closed loop, cases/s end to end).
 *
 * <pre>
 * LagBench --base URL --realm URL --bootstrap B
 *          --submission-jdbc URL --submission-password P --deid-jdbc URL --deid-password P
 *          --reporting-jdbc URL --reporting-password P
 *          --floor N --warmup N --idle N --idle-gap-ms MS --clients 32 --max-seconds S --half-seconds S
 *          --out FILE [--label TEXT]
 * </pre>
 * A poller reads reporting's {@code case_records} every {@code --poll-ms} (5) ms and notes when each case pseudonym
 * is first seen; afterwards the three databases give each case's outbox event time (taken in the submitting
 * transaction), its pseudonym and reporting's write time. Exits 1 when a figure is missing.
 */
public final class LagBench {

    /** One submitted case as the client saw it (epoch ms). */
    record Sent(String caseId, String phase, long sentMs, long ackMs) {
    }

    /** Lag figures of a set of cases, in ms. */
    record Stats(int n, double p50, double p90, double p99, double max) {
        static Stats of(List<Double> ms) {
            double[] a = ms.stream().mapToDouble(Double::doubleValue).toArray();
            return new Stats(a.length, ReportBench.percentile(a, 50), ReportBench.percentile(a, 90), ReportBench.percentile(a, 99),
                    a.length == 0 ? Double.NaN : Arrays.stream(a).max().orElse(Double.NaN));
        }

        boolean present() {
            return n > 0 && !Double.isNaN(p99);
        }
    }

    private LagBench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(ReportBench.options(args)));
    }

    static Connection db(Map<String, String> o, String service, String jdbcOption, String passwordOption) throws SQLException {
        return DriverManager.getConnection(ReportBench.need(o, jdbcOption), service, ReportBench.need(o, passwordOption));
    }

    static int run(Map<String, String> o) throws Exception {
        String base = ReportBench.need(o, "base");
        String bootstrap = ReportBench.need(o, "bootstrap");
        int floorN = Integer.parseInt(o.getOrDefault("floor", "200"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "300"));
        int idleN = Integer.parseInt(o.getOrDefault("idle", "200"));
        long idleGap = Long.parseLong(o.getOrDefault("idle-gap-ms", "100"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "32"));
        int maxSeconds = Integer.parseInt(o.getOrDefault("max-seconds", "20"));
        int halfSeconds = Integer.parseInt(o.getOrDefault("half-seconds", "30"));
        long pollMs = Long.parseLong(o.getOrDefault("poll-ms", "5"));
        long drainTimeout = Long.parseLong(o.getOrDefault("drain-timeout", "300")) * 1000;
        List<String> missing = new ArrayList<>();

        // the machine's own limit: one broker hop, produce -> consume, with a plain producer and consumer
        System.err.printf("lag: Kafka produce->consume round trip, %d records one at a time%n", floorN);
        double[] hop = roundTrip(bootstrap, "bench-lag.roundtrip." + System.currentTimeMillis(), floorN);
        Stats floor = Stats.of(Arrays.stream(hop).boxed().toList());
        System.out.printf(Locale.ROOT, "Kafka produce->consume (one hop): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms (%d records)%n",
                floor.p50(), floor.p90(), floor.p99(), floor.max(), floor.n());

        List<GeneratedCase> pool = CohortGenerator.generate(Integer.parseInt(o.getOrDefault("pool", "2000")),
                Integer.parseInt(o.getOrDefault("centres", "25")), Long.parseLong(o.getOrDefault("seed", "2026")));
        List<SubmissionBench.Body> bodies = pool.stream().map(SubmissionBench.Body::of).toList();
        TreeSet<String> users = new TreeSet<>();
        bodies.forEach(b -> users.add(b.user()));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        ReportBench.Tokens tokens = new ReportBench.Tokens(http, ReportBench.need(o, "realm"));
        Client client = new Client(http, base, bodies, Long.toString(System.currentTimeMillis(), 36));

        Poller poller = new Poller(db(o, "reporting", "reporting-jdbc", "reporting-password"), pollMs);
        Thread pollThread = new Thread(poller, "lag-poller");
        pollThread.setDaemon(true);
        pollThread.start();

        // warm-up: JIT, connection pools, consumer fetch sessions; not measured
        System.err.printf("lag: warm-up, %d cases at 8 clients%n", warmup);
        client.tokens = SubmissionBench.tokenMap(tokens, users);
        client.closedLoop("warmup", 8, warmup, Long.MAX_VALUE);
        drain(poller, client, drainTimeout);

        System.err.printf("lag: idle, %d cases one at a time, %d ms apart%n", idleN, idleGap);
        client.tokens = SubmissionBench.tokenMap(tokens, users);
        for (int i = 0; i < idleN; i++) {
            int before = poller.seen.size();
            client.one("idle");
            long until = System.currentTimeMillis() + 60_000;
            while (poller.seen.size() <= before && System.currentTimeMillis() < until) {
                LockSupport.parkNanos(1_000_000);
            }
            Thread.sleep(idleGap);
        }

        System.err.printf("lag: maximum, %d clients closed loop for %d s, then until reporting has every case%n", clients,
                maxSeconds);
        client.tokens = SubmissionBench.tokenMap(tokens, users);
        long maxStart = System.currentTimeMillis();
        int maxSent = client.closedLoop("max", clients, Integer.MAX_VALUE, maxStart + maxSeconds * 1000L);
        long maxSubmitted = System.currentTimeMillis();
        long maxDone = drain(poller, client, drainTimeout);
        double maxRate = maxDone > 0 ? maxSent / ((maxDone - maxStart) / 1000.0) : Double.NaN;
        double submitRate = maxSent / ((maxSubmitted - maxStart) / 1000.0);
        System.out.printf(Locale.ROOT, "maximum: %,d cases submitted in %.1f s (%.0f/s), all in reporting after %.1f s: %.0f cases/s end to end%n",
                maxSent, (maxSubmitted - maxStart) / 1000.0, submitRate, (maxDone - maxStart) / 1000.0, maxRate);

        double halfRate = maxRate / 2;
        int halfSent = 0;
        Client.Pace pace = null;
        if (!Double.isNaN(halfRate) && halfRate > 0) {
            System.err.printf(Locale.ROOT, "lag: half load, %.1f cases/s at a fixed pace for %d s%n", halfRate, halfSeconds);
            client.tokens = SubmissionBench.tokenMap(tokens, users);
            pace = client.paced("half", halfRate, halfSeconds, Math.max(8, clients / 2));
            halfSent = pace.sent();
            drain(poller, client, drainTimeout);
        } else {
            missing.add("maximum load (the pipeline did not deliver the saturating cases)");
        }
        poller.stop = true;
        pollThread.join(5000);

        // each case's event time (submission), pseudonym (de-identification), write time (reporting)
        Map<String, Long> created = new HashMap<>();
        Map<String, String> pseudonymOf = new HashMap<>();
        Map<String, Long> written = new HashMap<>();
        try (Connection c = db(o, "submission", "submission-jdbc", "submission-password");
             PreparedStatement ps = c.prepareStatement("SELECT event_key, created_at FROM outbox WHERE event_type = 'CaseSubmitted'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                created.put(rs.getString(1), rs.getTimestamp(2).getTime());
            }
        }
        try (Connection c = db(o, "deidentification", "deid-jdbc", "deid-password");
             PreparedStatement ps = c.prepareStatement("SELECT case_id::text, case_pseudonym FROM case_pseudonyms");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                pseudonymOf.put(rs.getString(1), rs.getString(2));
            }
        }
        try (Connection c = db(o, "reporting", "reporting-jdbc", "reporting-password");
             PreparedStatement ps = c.prepareStatement("SELECT case_pseudonym, updated_at FROM case_records");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                written.put(rs.getString(1), rs.getTimestamp(2).getTime());
            }
        }
        Map<String, List<Double>> visible = new HashMap<>();
        Map<String, List<Double>> dbLag = new HashMap<>();
        Map<String, List<Double>> fromAck = new HashMap<>();
        Map<String, Integer> unseen = new HashMap<>();
        for (Sent s : client.sent) {
            Long c = created.get(s.caseId());
            String p = pseudonymOf.get(s.caseId());
            Long seen = p == null ? null : poller.seen.get(p);
            Long w = p == null ? null : written.get(p);
            if (c == null || seen == null || w == null) {
                unseen.merge(s.phase(), 1, Integer::sum);
                continue;
            }
            visible.computeIfAbsent(s.phase(), k -> new ArrayList<>()).add((double) (seen - c));
            dbLag.computeIfAbsent(s.phase(), k -> new ArrayList<>()).add((double) (w - c));
            fromAck.computeIfAbsent(s.phase(), k -> new ArrayList<>()).add((double) (seen - s.ackMs()));
        }

        StringBuilder md = new StringBuilder();
        md.append(o.getOrDefault("label", "")).append("\n\n");
        md.append(String.format(Locale.ROOT, "Each case a new one (a generated case under a local_ref of its own, its centre's "
                + "submitter's token), `POST /api/v1/cases`. *Commit → visible*: from the case's event time (the `occurred_at` "
                + "of its `CaseSubmitted`, the outbox row's `created_at`, taken in the submitting transaction just before its "
                + "commit) to the first poll of reporting's `case_records` that sees the case (a poller every %d ms; the "
                + "figure includes up to that interval). *Event → reporting write*: the same start to reporting's "
                + "`updated_at` (taken in the storing transaction, before its commit; the measure of `EndToEndLagIT`). "
                + "*201 → visible*: from the client's receipt of the 201 to the first poll that sees it. Idle: %d cases, "
                + "one at a time, each %d ms after the last became visible, after a warm-up of %d cases at 8 clients. "
                + "Maximum: %d clients, closed loop, %d s; the pipeline's rate is the cases over the time from the first "
                + "submission to the last case visible in reporting. Half load: half that rate at a fixed pace (open loop, "
                + "each case sent at its slot), %d s.%n%n", pollMs, idleN, idleGap, warmup, clients, maxSeconds, halfSeconds));
        md.append(String.format(Locale.ROOT, "**Pipeline maximum: %.0f cases/s end to end** (%,d cases submitted in %.1f s at "
                + "%d clients, %.0f cases/s into submission; all in reporting after %.1f s). **Half load: %.1f cases/s "
                + "asked, %s.**%n%n", maxRate, maxSent, (maxSubmitted - maxStart) / 1000.0, clients, submitRate,
                (maxDone - maxStart) / 1000.0, halfRate,
                pace == null ? "not run" : String.format(Locale.ROOT, "%,d cases sent in %d s (%.1f/s), %d sent more than "
                        + "100 ms after their slot (all senders busy), latest %.0f ms", halfSent, halfSeconds,
                        halfSent / (double) halfSeconds, pace.late(), pace.maxLateMs())));
        md.append("| load | cases | commit → visible p50 ms | p90 | p99 | max | target p99 | p99 / floor | event → reporting "
                + "write p50 | p99 | 201 → visible p50 | p99 |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        double floor2p99 = 2 * floor.p99();
        for (String[] phase : List.of(new String[] {"idle", "idle (one at a time)", "< 300 ms"},
                new String[] {"half", String.format(Locale.ROOT, "half of maximum (%.1f cases/s)", halfRate), "< 500 ms"},
                new String[] {"max", "maximum (32 clients, saturated: lag is the backlog)", "—"})) {
            Stats v = Stats.of(visible.getOrDefault(phase[0], List.of()));
            Stats d = Stats.of(dbLag.getOrDefault(phase[0], List.of()));
            Stats a = Stats.of(fromAck.getOrDefault(phase[0], List.of()));
            String met = phase[2].equals("—") || !v.present() ? ""
                    : v.p99() < Double.parseDouble(phase[2].replaceAll("[^0-9]", "")) ? " (met)" : " (**not met**)";
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.0f | %.0f | %s%s | %.1f | %.0f | %.0f | %.0f | %.0f |%n",
                    phase[1], v.n(), v.p50(), v.p90(), v.p99(), v.max(), phase[2], met, v.p99() / floor2p99, d.p50(), d.p99(),
                    a.p50(), a.p99()));
            System.out.printf(Locale.ROOT, "%-6s %,6d cases: commit->visible p50 %.0f  p90 %.0f  p99 %.0f  max %.0f ms; "
                    + "event->write p50 %.0f  p99 %.0f ms%s%n", phase[0], v.n(), v.p50(), v.p90(), v.p99(), v.max(), d.p50(), d.p99(),
                    unseen.containsKey(phase[0]) ? "  (" + unseen.get(phase[0]) + " not matched)" : "");
            if (!phase[0].equals("max") && !v.present()) {
                missing.add(phase[0] + " lag");
            }
        }
        md.append(String.format(Locale.ROOT, "%nThe machine's own limit, same run, same broker: a plain Kafka producer (acks=all, "
                + "linger 0) and consumer (fetch.min.bytes=1, the services' fetch settings) on a 3-partition topic, one record "
                + "at a time, send → received: p50 **%.1f ms**, p90 %.1f, p99 **%.1f ms**, max %.1f (%d records). A case "
                + "crosses two such hops (case events → de-identification → de-identified cases → reporting), each followed "
                + "by a PostgreSQL commit; *p99 / floor* is the commit → visible p99 over two hops' p99 (%.1f ms).%s%n",
                floor.p50(), floor.p90(), floor.p99(), floor.max(), floor.n(), floor2p99,
                unseen.isEmpty() ? "" : " Cases not matched in all three databases (left out): " + unseen + "."));
        md.append(String.format(Locale.ROOT, "%nSubmissions that did not answer 201: %d.%n", client.failed.sum()));
        md.append(ReportBench.loadAverage());
        if (!floor.present()) {
            missing.add("Kafka round trip");
        }
        if (Double.isNaN(maxRate)) {
            missing.add("pipeline maximum");
        }
        System.out.print(md);
        return ReportBench.writePart(Path.of(ReportBench.need(o, "out")), md, missing);
    }

    /** Waits until the poller has seen as many cases as were accepted; returns when (epoch ms), or -1 on time-out. */
    static long drain(Poller poller, Client client, long timeoutMs) throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMs;
        long lastLog = System.currentTimeMillis();
        while (System.currentTimeMillis() < until) {
            if (poller.seen.size() >= client.sent.size()) {
                return poller.lastNew;
            }
            if (System.currentTimeMillis() - lastLog > 10_000) {
                System.err.printf("  reporting has %,d of %,d cases%n", poller.seen.size(), client.sent.size());
                lastLog = System.currentTimeMillis();
            }
            Thread.sleep(5);
        }
        System.err.printf("lag: reporting has %,d of %,d cases after %d s%n", poller.seen.size(), client.sent.size(),
                timeoutMs / 1000);
        return -1;
    }

    /** Notes when each case pseudonym first shows in reporting's {@code case_records} (the bench's database: only its cases). */
    static final class Poller implements Runnable {
        final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();
        final Connection conn;
        final long intervalMs;
        volatile boolean stop;
        volatile long lastNew;

        Poller(Connection conn, long intervalMs) {
            this.conn = conn;
            this.intervalMs = intervalMs;
        }

        @Override
        public void run() {
            // rows written more than a minute before the newest seen are all seen: only newer ones are read again
            long watermark = 0;
            try (PreparedStatement ps = conn.prepareStatement("SELECT case_pseudonym, updated_at FROM case_records WHERE updated_at >= ?")) {
                while (!stop) {
                    long at = System.currentTimeMillis(); // the query's snapshot: what it returns was visible by then
                    ps.setTimestamp(1, new Timestamp(watermark));
                    long newest = watermark;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (seen.putIfAbsent(rs.getString(1), at) == null) {
                                lastNew = at;
                            }
                            newest = Math.max(newest, rs.getTimestamp(2).getTime());
                        }
                    }
                    watermark = Math.max(watermark, newest - 60_000);
                    LockSupport.parkNanos(intervalMs * 1_000_000);
                }
            } catch (SQLException e) {
                System.err.println("lag: the poller stopped: " + e.getMessage());
            }
        }
    }

    /** Submits generated cases, each a new one, and notes each accepted case's id and times. */
    static final class Client {
        final HttpClient http;
        final URI uri;
        final List<SubmissionBench.Body> bodies;
        final String run;
        final AtomicLong next = new AtomicLong();
        final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        final LongAdder failed = new LongAdder();
        volatile Map<String, String> tokens = Map.of();

        Client(HttpClient http, String base, List<SubmissionBench.Body> bodies, String run) {
            this.http = http;
            this.uri = URI.create(base + "/api/v1/cases");
            this.bodies = bodies;
            this.run = run;
        }

        /** One case; false when it was not accepted. */
        boolean one(String phase) throws InterruptedException {
            long i = next.getAndIncrement();
            SubmissionBench.Body b = bodies.get((int) (i % bodies.size()));
            HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + tokens.get(b.user()))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(b.with("L" + run + "-" + i))).build();
            long t0 = System.currentTimeMillis();
            try {
                HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                long t1 = System.currentTimeMillis();
                if (res.statusCode() != 201) {
                    failed.increment();
                    return false;
                }
                sent.add(new Sent(ReportBench.JSON.readTree(res.body()).path("id").asText(), phase, t0, t1));
                return true;
            } catch (IOException e) {
                failed.increment();
                return false;
            }
        }

        /** {@code clients} threads, each sending its next case when the last one answered, until n cases or the deadline. */
        int closedLoop(String phase, int clients, int n, long deadlineMs) throws InterruptedException {
            AtomicLong left = new AtomicLong(n);
            LongAdder ok = new LongAdder();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                Thread th = new Thread(() -> {
                    try {
                        while (System.currentTimeMillis() < deadlineMs && left.getAndDecrement() > 0) {
                            if (one(phase)) {
                                ok.increment();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            return ok.intValue();
        }

        record Pace(int sent, int late, double maxLateMs) {
        }

        /** Open loop: case k is sent at start + k / rate (or as soon as a sender is free after that), for {@code seconds}. */
        Pace paced(String phase, double rate, int seconds, int senders) throws InterruptedException {
            long start = System.nanoTime() + 50_000_000;
            long end = start + seconds * 1_000_000_000L;
            AtomicLong slot = new AtomicLong();
            LongAdder ok = new LongAdder();
            LongAdder late = new LongAdder();
            AtomicLong maxLate = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                Thread th = new Thread(() -> {
                    try {
                        while (true) {
                            long due = start + (long) (slot.getAndIncrement() * 1e9 / rate);
                            if (due >= end) {
                                return;
                            }
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            } else if (-wait > 100_000_000) {
                                late.increment();
                            }
                            maxLate.accumulateAndGet(Math.max(0, -wait), Math::max);
                            if (one(phase)) {
                                ok.increment();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            return new Pace(ok.intValue(), late.intValue(), maxLate.get() / 1e6);
        }
    }

    /**
     * The broker's own produce → consume time: one record at a time from a plain producer (acks=all, no linger) to a
     * plain consumer already waiting on every partition (fetch.min.bytes=1), ms per record after 20 unmeasured.
     */
    static double[] roundTrip(String bootstrap, String topic, int n) throws Exception {
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(a)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        double[] out = new double[n];
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p);
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            String value = "x".repeat(2000);
            for (int i = -20; i < n; i++) {
                String key = UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, key, value));
                boolean got = false;
                long until = t0 + 30_000_000_000L;
                while (!got && System.nanoTime() < until) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        got |= r.key().equals(key);
                    }
                }
                if (!got) {
                    throw new IllegalStateException("record " + i + " not received within 30 s");
                }
                if (i >= 0) {
                    out[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return out;
    }
}
