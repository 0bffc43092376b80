package org.nelmregistry.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.event.CaseSubmitted;
import org.nelmregistry.contracts.event.EventJson;
import org.nelmregistry.generator.CohortGenerator;
import org.nelmregistry.generator.GeneratedCase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The {@code ingest} section of {@code ./registry bench}: N generated cases replayed through de-identification
 * and reporting from topics of the bench's own, beside Kafka's own consumer performance tool on the same topics.
 *
 * <pre>
 * IngestBench produce --bootstrap B --events T --deidentified T --dead-letter T --cases N --centres M --seed S
 * IngestBench wait    --bootstrap B --events T --dead-letter T --group G --cases N --t0 MS
 *                     --deid-jdbc URL --deid-password P --reporting-jdbc URL --reporting-password P
 *                     --timeout S --result FILE
 * IngestBench report  --bootstrap B --events T --deidentified T --kafka-libs DIR --result FILE --out FILE [--label TEXT]
 *                     [--result2 FILE --events2 T --deidentified2 T --copy2 FILE --label2 TEXT | --note2 TEXT]
 * IngestBench topics  --bootstrap B [--events T] --deidentified T --dead-letter T
 * IngestBench members --bootstrap B --groups G1,G2 --count N --timeout S
 * IngestBench copy    --bootstrap B --from T --to T [--record FILE]
 * IngestBench cleanup --bootstrap B --prefix P
 * </pre>
 * The run with two instances per service ({@code --result2}) reads the same events, copied onto a fresh topic of its
 * own ({@code copy}) once every instance is up and both consumer groups have their members ({@code members}), so
 * that its rates are those of two instances sharing the partitions, not of one running while the other starts.
 * {@code produce} writes exactly what submission's outbox publishes for a new case: a {@link CaseSubmitted} keyed
 * by case id, written with {@link EventJson}. {@code wait} polls the two services' databases (de-identification's
 * processed-event ledger, reporting's {@code case_records}) every 100 ms and the consumer group's committed lag,
 * and writes when each finished; {@code report} exits 1 when a figure is missing.
 */
public final class IngestBench {

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: IngestBench produce|wait|report|cleanup --option value ...");
            System.exit(2);
        }
        Map<String, String> o = ReportBench.options(java.util.Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "produce" -> produce(o);
            case "wait" -> System.exit(await(o));
            case "report" -> System.exit(report(o));
            case "cleanup" -> cleanup(o);
            case "topics" -> createTopics(o);
            case "members" -> System.exit(members(o));
            case "copy" -> copy(o);
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    static Admin admin(Map<String, String> o) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ReportBench.need(o, "bootstrap"));
        return Admin.create(p);
    }

    // ------------------------------------------------------------------ produce

    static void produce(Map<String, String> o) throws Exception {
        int cases = Integer.parseInt(ReportBench.need(o, "cases"));
        int centres = Integer.parseInt(o.getOrDefault("centres", "100"));
        long seed = Long.parseLong(o.getOrDefault("seed", "2026"));
        String events = ReportBench.need(o, "events");
        createTopics(o);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ReportBench.need(o, "bootstrap"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        int formVersion = CaseReportForm.current().version();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            int chunkNo = 0;
            for (int start = 0; start < cases; start += ReportLoader.CHUNK, chunkNo++) {
                int n = Math.min(ReportLoader.CHUNK, cases - start);
                // chunks with seeds seed, seed+1, …: each a full generator cohort, local_refs distinct across chunks
                for (GeneratedCase g : CohortGenerator.generate(n, centres, seed + chunkNo)) {
                    UUID caseId = UUID.randomUUID();
                    String value = EventJson.write(new CaseSubmitted(UUID.randomUUID(), caseId, g.centreId(), 1, Instant.now(),
                            formVersion, g.body()));
                    bytes += value.length();
                    producer.send(new ProducerRecord<>(events, caseId.toString(), value), (meta, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                System.err.printf("  produced %,d of %,d events%n", Math.min(cases, start + n), cases);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%,d CaseSubmitted events (%,.0f bytes on average) generated and put on %s in %.1f s%n",
                cases, (double) bytes / cases, events, s);
    }

    /** The bench's topics: partitions as infra/kafka/topics.conf creates the platform's own. */
    static void createTopics(Map<String, String> o) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        if (o.containsKey("events")) {
            topics.add(new NewTopic(o.get("events"), 3, (short) 1).configs(Map.of("cleanup.policy", "delete")));
        }
        // not compacted (unlike the platform's): ConsumerPerformance must find every record the service wrote
        topics.add(new NewTopic(ReportBench.need(o, "deidentified"), 3, (short) 1).configs(Map.of("cleanup.policy", "delete")));
        topics.add(new NewTopic(ReportBench.need(o, "dead-letter"), 1, (short) 1).configs(Map.of("cleanup.policy", "delete")));
        try (Admin admin = admin(o)) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** Waits until each group has N members, each with partitions assigned; exit 1 on time-out. */
    static int members(Map<String, String> o) throws Exception {
        List<String> groups = List.of(ReportBench.need(o, "groups").split(","));
        int count = Integer.parseInt(ReportBench.need(o, "count"));
        long until = System.currentTimeMillis() + Long.parseLong(o.getOrDefault("timeout", "180")) * 1000;
        try (Admin admin = admin(o)) {
            while (System.currentTimeMillis() < until) {
                boolean all = true;
                for (var d : admin.describeConsumerGroups(groups).all().get(60, TimeUnit.SECONDS).values()) {
                    all &= d.members().size() == count
                            && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                }
                if (all) {
                    System.err.printf("consumer groups %s: %d members each, partitions assigned%n", groups, count);
                    return 0;
                }
                Thread.sleep(200);
            }
        }
        System.err.printf("consumer groups %s: not %d members each in time%n", groups, count);
        return 1;
    }

    /** Copies every record of a topic onto another, byte for byte, each into the partition of the same number. */
    static void copy(Map<String, String> o) throws Exception {
        String from = ReportBench.need(o, "from");
        String to = ReportBench.need(o, "to");
        Properties c = new Properties();
        c.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ReportBench.need(o, "bootstrap"));
        c.put(org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        c.put(org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        c.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        c.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ReportBench.need(o, "bootstrap"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        long copied = 0;
        try (Admin admin = admin(o);
             org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(c);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            TopicDescription d = admin.describeTopics(List.of(from)).allTopicNames().get().get(from);
            List<TopicPartition> parts = d.partitions().stream().map(pi -> new TopicPartition(from, pi.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            while (copied < total) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(500))) {
                    producer.send(new ProducerRecord<>(to, r.partition(), r.key(), r.value()), (meta, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    copied++;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "copied %,d records from %s to %s in %.1f s%n", copied, from, to, seconds);
        if (o.containsKey("record")) {
            Files.writeString(Path.of(o.get("record")), String.format(Locale.ROOT, "copied=%d%ncopy_ms=%d%n", copied,
                    Math.round(seconds * 1000)));
        }
    }

    // ------------------------------------------------------------------ wait

    static long count(Connection conn, String sql) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Records on a topic (sum of end offsets; the bench's topics start empty). */
    static long endOffsets(Admin admin, String topic) throws ExecutionException, InterruptedException {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> q = d.partitions().stream()
                .collect(Collectors.toMap(pi -> new TopicPartition(topic, pi.partition()), pi -> OffsetSpec.latest()));
        long sum = 0;
        for (ListOffsetsResult.ListOffsetsResultInfo i : admin.listOffsets(q).all().get().values()) {
            sum += i.offset();
        }
        return sum;
    }

    /** The group's committed lag on the topic (-1 while it has committed nothing). */
    static long lag(Admin admin, String group, String topic) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get();
        if (committed.isEmpty()) {
            return -1;
        }
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> q = d.partitions().stream()
                .collect(Collectors.toMap(pi -> new TopicPartition(topic, pi.partition()), pi -> OffsetSpec.latest()));
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(q).all().get().entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    static int await(Map<String, String> o) throws Exception {
        long cases = Long.parseLong(ReportBench.need(o, "cases"));
        long t0 = Long.parseLong(ReportBench.need(o, "t0"));
        long timeout = Long.parseLong(o.getOrDefault("timeout", "3600")) * 1000;
        String events = ReportBench.need(o, "events");
        String group = ReportBench.need(o, "group");
        Map<String, Long> at = new LinkedHashMap<>();
        long published = -1;
        long deadLettered = 0;
        long reported = 0;
        try (Admin admin = admin(o);
             Connection deid = DriverManager.getConnection(ReportBench.need(o, "deid-jdbc"), "deidentification",
                     ReportBench.need(o, "deid-password"));
             Connection rep = DriverManager.getConnection(ReportBench.need(o, "reporting-jdbc"), "reporting",
                     ReportBench.need(o, "reporting-password"))) {
            long lastLog = 0;
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(1)).build();
            while (true) {
                long now = System.currentTimeMillis();
                if (now - t0 > timeout) {
                    System.err.printf("ingest: timed out after %d s%n", timeout / 1000);
                    break;
                }
                long processed = safeCount(deid, "SELECT count(*) FROM processed_events");
                reported = safeCount(rep, "SELECT count(*) FROM case_records");
                // readiness as the launcher waits for it, polled here so that the first stored case is seen from the launch on
                for (String svc : List.of("deid", "reporting")) {
                    String url = o.get(svc + "-ready");
                    if (url != null && !at.containsKey(svc + "_ready") && ready(http, url)) {
                        at.put(svc + "_ready", now);
                    }
                }
                if (processed > 0) {
                    at.putIfAbsent("deid_first", now);
                }
                if (reported > 0) {
                    at.putIfAbsent("reporting_first", now);
                }
                if (!at.containsKey("deid_done")) {
                    deadLettered = endOffsets(admin, ReportBench.need(o, "dead-letter"));
                    if (processed + deadLettered >= cases) {
                        at.put("deid_done", now);
                        published = safeCount(deid, "SELECT count(*) FROM processed_events WHERE outcome = 'published'");
                    }
                }
                if (at.containsKey("deid_done") && !at.containsKey("deid_lag0") && lag(admin, group, events) == 0) {
                    at.put("deid_lag0", now);
                }
                if (published >= 0 && reported >= published && !at.containsKey("reporting_done")) {
                    at.put("reporting_done", now);
                }
                // the committed lag follows within the consumer's commit interval; not waited for beyond 30 s
                if (at.containsKey("reporting_done") && (at.containsKey("deid_lag0") || now - at.get("reporting_done") > 30_000)) {
                    break;
                }
                if (now - lastLog >= 10_000) {
                    System.err.printf("  %5.0f s: de-identification %,d of %,d processed, reporting %,d%n", (now - t0) / 1000.0,
                            processed, cases, reported);
                    lastLog = now;
                }
                Thread.sleep(100);
            }
        }
        StringBuilder r = new StringBuilder();
        r.append("cases=").append(cases).append('\n').append("t0=").append(t0).append('\n');
        r.append("published=").append(published).append('\n').append("dead_lettered=").append(deadLettered).append('\n');
        r.append("reported=").append(reported).append('\n');
        at.forEach((k, v) -> r.append(k).append('=').append(v).append('\n'));
        if (o.containsKey("windows")) {
            // the load windows of the memory section: each service's first to last stored case
            window(o.get("windows"), "deidentification", at.get("deid_first"), at.get("deid_done"));
            window(o.get("windows"), "reporting", at.get("reporting_first"), at.get("reporting_done"));
        }
        Files.writeString(Path.of(ReportBench.need(o, "result")), r.toString());
        System.err.print(r);
        return at.containsKey("reporting_done") && at.containsKey("deid_done") ? 0 : 1;
    }

    static boolean ready(java.net.http.HttpClient http, String url) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(java.time.Duration.ofSeconds(2))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void window(String dir, String service, Long from, Long to) throws java.io.IOException {
        if (from != null && to != null) {
            Files.writeString(Path.of(dir, "load-" + service + ".window"), from + " " + to + "\n");
        }
    }

    /** A count, or 0 while the service's migrations have not created the table yet. */
    static long safeCount(Connection conn, String sql) {
        try {
            return count(conn, sql);
        } catch (SQLException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ report

    /** Kafka's own consumer performance tool on a topic: [messages/s over the whole run, fetch-only messages/s, seconds]. */
    static double[] consumerPerformance(String libs, String bootstrap, String topic, long messages) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "-cp", libs + "/*",
                "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap, "--topic", topic,
                "--messages", Long.toString(messages), "--group", "bench-ingest.perf-" + UUID.randomUUID(), "--timeout", "30000");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        // header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
        //         rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        String[] header = null;
        for (String line : out.split("\n")) {
            String[] f = line.split(",\\s*");
            if (line.startsWith("start.time")) {
                header = f;
            } else if (header != null && f.length == header.length) {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < f.length; i++) {
                    row.put(header[i].trim(), f[i].trim());
                }
                double nMsgSec = Double.parseDouble(row.get("nMsg.sec"));
                double fetchNMsgSec = Double.parseDouble(row.getOrDefault("fetch.nMsg.sec", "NaN"));
                double consumed = Double.parseDouble(row.get("data.consumed.in.nMsg"));
                if (consumed < messages) {
                    System.err.println("ConsumerPerformance read " + consumed + " of " + messages + " messages:\n" + out);
                    return null;
                }
                return new double[] {nMsgSec, fetchNMsgSec, consumed / nMsgSec};
            }
        }
        System.err.println("ConsumerPerformance gave no figures (exit " + rc + "):\n" + out);
        return null;
    }

    static Map<String, Long> readResult(Path file) throws java.io.IOException {
        Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        return m;
    }

    static int report(Map<String, String> o) throws Exception {
        Map<String, Long> r = readResult(Path.of(ReportBench.need(o, "result")));
        String bootstrap = ReportBench.need(o, "bootstrap");
        String libs = ReportBench.need(o, "kafka-libs");
        String events = ReportBench.need(o, "events");
        String deidentified = ReportBench.need(o, "deidentified");
        long cases = r.getOrDefault("cases", 0L);
        long t0 = r.getOrDefault("t0", 0L);
        List<String> missing = new ArrayList<>();
        long deidentifiedRecords;
        try (Admin admin = admin(o)) {
            deidentifiedRecords = endOffsets(admin, deidentified);
        }
        double[] perfEvents = consumerPerformance(libs, bootstrap, events, cases);
        double[] perfDeid = deidentifiedRecords > 0 ? consumerPerformance(libs, bootstrap, deidentified, deidentifiedRecords) : null;

        Long deidFirst = r.get("deid_first");
        Long deidDone = r.get("deid_done");
        Long repFirst = r.get("reporting_first");
        Long repDone = r.get("reporting_done");
        Long lag0 = r.get("deid_lag0");
        double deidRate = deidFirst != null && deidDone != null ? cases / Math.max(0.1, (deidDone - deidFirst) / 1000.0) : Double.NaN;
        long reported = r.getOrDefault("reported", 0L);
        double repRate = repFirst != null && repDone != null ? reported / Math.max(0.1, (repDone - repFirst) / 1000.0) : Double.NaN;
        double endToEnd = repDone != null ? (repDone - t0) / 1000.0 : Double.NaN;
        if (Double.isNaN(deidRate)) {
            missing.add("de-identification rate (did not finish)");
        }
        if (Double.isNaN(repRate)) {
            missing.add("reporting rate (did not finish)");
        }
        if (perfEvents == null) {
            missing.add("ConsumerPerformance on " + events);
        }
        if (perfDeid == null) {
            missing.add("ConsumerPerformance on " + deidentified);
        }
        String ready = r.containsKey("deid_ready") && r.containsKey("reporting_ready")
                ? String.format(Locale.ROOT, " (ready after %.1f s and %.1f s)", (r.get("deid_ready") - t0) / 1000.0,
                        (r.get("reporting_ready") - t0) / 1000.0)
                : "";
        StringBuilder md = new StringBuilder();
        md.append(o.getOrDefault("label", "")).append("\n\n");
        md.append(String.format(Locale.ROOT, "**End-to-end replay of %,d cases: %.1f s** from the launch of the two services%s to "
                + "the last case in reporting's `case_records` (%,d records; %,d de-identified records published, %,d "
                + "dead-lettered). De-identification's committed consumer-group lag was 0 after %s. A service's rate is its "
                + "cases over the time from its first to its last stored case (database counts polled every 100 ms); both run "
                + "at once, so reporting can go no faster than de-identification feeds it. The machine's own limit, same run, "
                + "same topics, services stopped: Kafka's `ConsumerPerformance` (%s) reading the same records, messages/s over "
                + "its whole run and fetch-only.%n%n", cases, endToEnd, ready, reported, r.getOrDefault("published", -1L),
                r.getOrDefault("dead_lettered", 0L), lag0 == null ? "—" : String.format(Locale.ROOT, "%.1f s", (lag0 - t0) / 1000.0),
                "org.apache.kafka.tools.ConsumerPerformance"));
        md.append("| stage | cases | seconds | cases/s | ConsumerPerformance msg/s (fetch-only) on its input | service / Kafka |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        md.append(row("de-identification (" + events + " → " + deidentified + ")", cases, deidFirst, deidDone, deidRate, perfEvents));
        md.append(row("reporting (" + deidentified + " → `case_records`, analytic store)", reported, repFirst, repDone, repRate,
                perfDeid));
        md.append(String.format(Locale.ROOT, "| end to end (launch → all in reporting) | %,d | %.1f | %.0f | | |%n", cases, endToEnd,
                cases / endToEnd));
        if (o.containsKey("result2")) {
            twoInstances(o, md, missing, deidRate, repRate, libs, bootstrap);
        } else if (o.containsKey("note2")) {
            md.append("\n").append(o.get("note2")).append("\n");
        }
        md.append(ReportBench.loadAverage());
        System.out.print(md);
        return ReportBench.writePart(Path.of(ReportBench.need(o, "out")), md, missing);
    }

    /** The run with two instances per service, each stage's rate beside the one-instance run's and Kafka's. */
    static void twoInstances(Map<String, String> o, StringBuilder md, List<String> missing, double deidRate1, double repRate1,
            String libs, String bootstrap) throws Exception {
        Path file = Path.of(o.get("result2"));
        Map<String, Long> r = Files.exists(file) ? readResult(file) : Map.of();
        String events = ReportBench.need(o, "events2");
        String deidentified = ReportBench.need(o, "deidentified2");
        long cases = r.getOrDefault("cases", 0L);
        long t0 = r.getOrDefault("t0", 0L);
        long reported = r.getOrDefault("reported", 0L);
        long deidentifiedRecords;
        try (Admin admin = admin(o)) {
            deidentifiedRecords = admin.listTopics().names().get().contains(deidentified) ? endOffsets(admin, deidentified) : 0;
        }
        double[] perfEvents = cases > 0 ? consumerPerformance(libs, bootstrap, events, cases) : null;
        double[] perfDeid = deidentifiedRecords > 0 ? consumerPerformance(libs, bootstrap, deidentified, deidentifiedRecords) : null;
        Long deidFirst = r.get("deid_first");
        Long deidDone = r.get("deid_done");
        Long repFirst = r.get("reporting_first");
        Long repDone = r.get("reporting_done");
        double deidRate = deidFirst != null && deidDone != null ? cases / Math.max(0.1, (deidDone - deidFirst) / 1000.0) : Double.NaN;
        double repRate = repFirst != null && repDone != null ? reported / Math.max(0.1, (repDone - repFirst) / 1000.0) : Double.NaN;
        double endToEnd = repDone != null ? (repDone - t0) / 1000.0 : Double.NaN;
        if (Double.isNaN(deidRate)) {
            missing.add("two instances: de-identification rate (did not finish)");
        }
        if (Double.isNaN(repRate)) {
            missing.add("two instances: reporting rate (did not finish)");
        }
        if (perfEvents == null) {
            missing.add("ConsumerPerformance on " + events);
        }
        if (perfDeid == null) {
            missing.add("ConsumerPerformance on " + deidentified);
        }
        md.append("\n").append(o.getOrDefault("label2", "")).append("\n\n");
        md.append(String.format(Locale.ROOT, "**End-to-end replay of %,d cases with two instances per service: %.1f s** from the "
                + "release of the events (copied onto the run's own topic once all four instances were ready and both "
                + "consumer groups had two members with partitions) to the last case in reporting (%,d records; %,d "
                + "de-identified records published, %,d dead-lettered). Rates as above (first to last stored case); "
                + "*one instance* is the run above.%s%n%n", cases, endToEnd, reported, r.getOrDefault("published", -1L),
                r.getOrDefault("dead_lettered", 0L), copyNote(o)));
        md.append("| stage | cases | seconds | two instances cases/s | one instance cases/s | two / one | ConsumerPerformance msg/s "
                + "(fetch-only) on its input | two instances / Kafka |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(row2("de-identification × 2 (" + events + " → " + deidentified + ")", cases, deidFirst, deidDone, deidRate,
                deidRate1, perfEvents));
        md.append(row2("reporting × 2 (" + deidentified + " → `case_records`)", reported, repFirst, repDone, repRate, repRate1,
                perfDeid));
        md.append(String.format(Locale.ROOT, "| end to end (release → all in reporting) | %,d | %.1f | %.0f | | | | |%n", cases,
                endToEnd, cases / endToEnd));
    }

    /** How long the release took: the copy runs beside the instances (a consumer and a producer, byte for byte). */
    static String copyNote(Map<String, String> o) throws java.io.IOException {
        Path f = o.containsKey("copy2") ? Path.of(o.get("copy2")) : null;
        if (f == null || !Files.exists(f)) {
            return "";
        }
        Map<String, Long> c = readResult(f);
        return String.format(Locale.ROOT, " The copy (a plain consumer and producer, byte for byte, each record into the "
                + "partition of the same number) ran beside the instances, on the same cores: %,d records in %.1f s.",
                c.getOrDefault("copied", 0L), c.getOrDefault("copy_ms", 0L) / 1000.0);
    }

    private static String row2(String stage, long n, Long first, Long done, double rate, double rate1, double[] perf) {
        String secs = first != null && done != null ? String.format(Locale.ROOT, "%.1f", (done - first) / 1000.0) : "—";
        String kafka = perf == null ? "—" : String.format(Locale.ROOT, "%.0f (%.0f)", perf[0], perf[1]);
        String ratio = perf == null || Double.isNaN(rate) ? "—" : String.format(Locale.ROOT, "%.3f", rate / perf[0]);
        return String.format(Locale.ROOT, "| %s | %,d | %s | %.0f | %.0f | %.2f | %s | %s |%n", stage, n, secs, rate, rate1,
                rate / rate1, kafka, ratio);
    }

    private static String row(String stage, long n, Long first, Long done, double rate, double[] perf) {
        String secs = first != null && done != null ? String.format(Locale.ROOT, "%.1f", (done - first) / 1000.0) : "—";
        String kafka = perf == null ? "—" : String.format(Locale.ROOT, "%.0f (%.0f)", perf[0], perf[1]);
        String ratio = perf == null || Double.isNaN(rate) ? "—" : String.format(Locale.ROOT, "%.3f", rate / perf[0]);
        return String.format(Locale.ROOT, "| %s | %,d | %s | %.0f | %s | %s |%n", stage, n, secs, rate, kafka, ratio);
    }

    // ------------------------------------------------------------------ cleanup

    /** Deletes every topic whose name starts with the prefix (the bench's own, of this and earlier runs). */
    static void cleanup(Map<String, String> o) throws Exception {
        String prefix = ReportBench.need(o, "prefix");
        try (Admin admin = admin(o)) {
            Set<String> topics = admin.listTopics().names().get(60, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix)).collect(Collectors.toSet());
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
                System.err.println("deleted topics " + topics);
            }
            // and the consumer groups the run left (the services' and ConsumerPerformance's)
            Set<String> groups = admin.listConsumerGroups().all().get(60, TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId()).filter(g -> g.startsWith(prefix)).collect(Collectors.toSet());
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(60, TimeUnit.SECONDS);
                System.err.println("deleted consumer groups " + groups);
            }
        }
    }
}
