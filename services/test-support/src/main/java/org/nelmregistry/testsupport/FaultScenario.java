package org.nelmregistry.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kill -9 under load (issue #12): client threads submit cases with the centres' real tokens,
 * revise some (PUT with If-Match), withdraw some and send some invalid ones, while one process
 * at a time — any service instance or the broker — is killed with SIGKILL at a random moment
 * and started again (only that process). A replay job is started during the run. Clients
 * behave as a centre's script would: a request that failed because the service was down is
 * sent again once a submission instance is ready; one whose outcome is unknown (connection
 * reset after sending) is resolved — a POST by sending it again (idempotent by local_ref), a PUT
 * or withdrawal by reading the case. Afterwards every accepted case must be in reporting once at
 * its latest revision, every withdrawn and rejected one nowhere.
 * <p>
 * One scenario for {@code ProcessKillIT} (2,000 cases, one instance each) and
 * {@code ./registry bench faults} (20,000 cases, two instances each).
 */
public final class FaultScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The revision marker: procedures[0].length_of_stay_days = MARKER_BASE + revision (kept by de-identification). */
    static final int MARKER_BASE = 10;

    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** A process the scenario may kill, and how to start it again (returns once it is ready). */
    public record Target(String name, Action kill, Action restart) {
    }

    /**
     * @param kills how many kills in all (the targets in a seeded shuffled order, round after round)
     * @param settle how long the pipeline may take to catch up once clients and kills are done
     */
    public record Settings(int cases, int clients, long seed, List<String> centreUsers, double reviseShare,
            double withdrawShare, double rejectShare, int kills, Duration settle, String runTag) {
    }

    /** One kill: when, at which progress, and how long the process took to be ready again. */
    public record Kill(String target, double atSeconds, int atCases, double downSeconds) {
        @Override
        public String toString() {
            return String.format("%s at %.1fs (%d cases accepted), ready again after %.1fs", target, atSeconds, atCases, downSeconds);
        }
    }

    public record Result(long seed, int submitted, int accepted, int revisions, int withdrawn, int rejected,
            int deidentified, int reported, int lost, int stale, int duplicated, int withdrawnPresent, int rejectedPresent,
            int unknownOutcomes, int retried, List<Kill> kills, List<String> jobs, boolean jobsFinished,
            double clientSeconds, double wallSeconds) {

        /** Accepted cases per second while clients ran (kills and restarts included). */
        public double casesPerSecond() {
            return clientSeconds == 0 ? 0 : accepted / clientSeconds;
        }

        public String summary() {
            return String.format("seed %d: submitted %d, accepted %d (%d revisions, %d withdrawals), rejected %d; "
                    + "de-identified %d, reported %d, lost %d (of which at a stale revision %d), duplicated %d, "
                    + "withdrawn still reported %d, rejected stored %d; %d requests with unknown outcome resolved, %d retried; "
                    + "%d kills; jobs %s; clients %.1fs (%.0f cases/s), wall %.1fs",
                    seed, submitted, accepted, revisions, withdrawn, rejected, deidentified, reported, lost, stale, duplicated,
                    withdrawnPresent, rejectedPresent, unknownOutcomes, retried, kills.size(), jobs, clientSeconds,
                    casesPerSecond(), wallSeconds);
        }
    }

    /** What a client knows of one of its cases. */
    static final class CaseState {
        final String user;
        final String tag;
        final ObjectNode content;
        String id;
        int revision;
        boolean withdrawn;

        CaseState(String user, String tag, ObjectNode content) {
            this.user = user;
            this.tag = tag;
            this.content = content;
        }
    }

    private record Resp(int status, JsonNode body) {
    }

    private final FaultStack stack;
    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<CaseState> cases = Collections.synchronizedList(new ArrayList<>());
    private final List<String> rejectedRefs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger revisions = new AtomicInteger();
    private final AtomicInteger withdrawals = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicBoolean clientsDone = new AtomicBoolean();
    /**
     * How many accepted cases clients may reach before the next kill starts: a restart (tens of seconds on a
     * loaded machine) must not let them finish before the last kill, yet at each kill they are still sending.
     */
    private final AtomicInteger gate = new AtomicInteger(Integer.MAX_VALUE);
    private final List<Integer> moments = new ArrayList<>();
    private final List<Kill> kills = Collections.synchronizedList(new ArrayList<>());
    private final List<String> jobIds = Collections.synchronizedList(new ArrayList<>());
    private final long t0 = System.nanoTime();

    private FaultScenario(FaultStack stack, Settings settings) {
        // the tag goes into every identifier of a case; the shortest limit is the postcode's 16 characters
        if (!settings.runTag().matches("[a-z0-9]{1,8}")) {
            throw new IllegalArgumentException("run tag: 1-8 lower-case letters or digits, not " + settings.runTag());
        }
        this.stack = stack;
        this.settings = settings;
    }

    public static Result run(FaultStack stack, Settings settings) throws Exception {
        return new FaultScenario(stack, settings).run();
    }

    private double elapsed() {
        return (System.nanoTime() - t0) / 1e9;
    }

    private Result run() throws Exception {
        System.out.printf("fault scenario %s: seed %d, %d cases, %d clients, %d kills%n", settings.runTag(), settings.seed(),
                settings.cases(), settings.clients(), settings.kills());
        Random random = new Random(settings.seed());
        Set<String> before = reportingSnapshot();
        // the kill plan: targets in a seeded order, each kill once the clients have this many cases accepted
        List<Target> order = new ArrayList<>(stack.targets());
        Collections.shuffle(order, random);
        for (int k = 0; k < settings.kills(); k++) {
            moments.add((int) (settings.cases() * (0.05 + 0.8 * random.nextDouble())));
        }
        Collections.sort(moments);
        int replayAt = (int) (settings.cases() * (0.2 + 0.5 * random.nextDouble()));
        int margin = Math.max(20, settings.cases() / 50);
        if (!moments.isEmpty()) {
            gate.set(moments.get(0) + margin);
        }

        ExecutorService pool = Executors.newFixedThreadPool(settings.clients() + 2);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            int client = c;
            long clientSeed = random.nextLong();
            clients.add(pool.submit(() -> {
                client(client, new Random(clientSeed));
                return null;
            }));
        }
        Future<?> killer = pool.submit(() -> {
            try {
                kill(order, margin);
            } finally {
                gate.set(Integer.MAX_VALUE); // also when a restart failed: clients never wait for a kill that won't come
            }
            return null;
        });
        Future<?> replay = pool.submit(() -> {
            awaitProgress(replayAt);
            startReplay();
            return null;
        });
        double clientSeconds;
        try {
            for (Future<?> f : clients) {
                f.get();
            }
            clientSeconds = elapsed();
            clientsDone.set(true);
            killer.get();
            replay.get();
        } finally {
            clientsDone.set(true);
            pool.shutdownNow();
        }
        return settle(before, clientSeconds);
    }

    /** The kills, one at a time: each at its moment, then the restart of only that process, until it is ready. */
    private void kill(List<Target> order, int margin) throws Exception {
        for (int k = 0; k < moments.size(); k++) {
            Target t = order.get(k % order.size());
            if (accepted.get() >= gate.get() - margin / 2) {
                // the clients reached the gate during the last restart: let them run again before killing
                int now = accepted.get();
                gate.set(now + margin);
                awaitProgress(now + margin / 2);
            } else {
                awaitProgress(moments.get(k));
            }
            gate.set(k + 1 < moments.size() ? moments.get(k + 1) + margin : Integer.MAX_VALUE);
            int at = accepted.get();
            double killedAt = elapsed();
            System.out.printf("  kill -9 %s at %.1fs (%d cases accepted)%n", t.name(), killedAt, at);
            t.kill().run();
            t.restart().run();
            Kill kill = new Kill(t.name(), killedAt, at, elapsed() - killedAt);
            kills.add(kill);
            System.out.println("  restarted " + kill);
        }
    }

    /** Once clients and kills are done: every process ready, the pipeline caught up, then the counts. */
    private Result settle(Set<String> before, double clientSeconds) {
        System.out.printf("  clients done after %.1fs, kills done after %.1fs; waiting for the pipeline%n", clientSeconds, elapsed());
        // every process ready again by itself (only the killed one was restarted)
        for (ServiceProcess p : stack.services()) {
            Poll.until(p.name() + " on " + p.port() + " ready", Duration.ofSeconds(120),
                    () -> ServiceProcess.status(p.baseUrl() + "/q/health/ready"), s -> s == 200);
        }
        Tally tally;
        try {
            tally = Poll.until("every accepted case in reporting at its latest revision, no withdrawn one", settings.settle(),
                    () -> tally(before), t -> t.lost == 0 && t.withdrawnPresent == 0 && t.duplicated == 0);
        } catch (AssertionError e) {
            System.out.println("  the pipeline did not settle: " + e.getMessage());
            tally = tally(before);
        }
        List<String> jobs = new ArrayList<>();
        boolean jobsFinished;
        try {
            jobsFinished = Poll.until("every replay job completed or failed with a reason", Duration.ofSeconds(60),
                    this::replayJobs, list -> list.stream().allMatch(j -> j.startsWith("completed") || j.startsWith("failed "))) != null;
        } catch (AssertionError e) {
            jobsFinished = false;
        }
        jobs.addAll(replayJobs());
        Result r = new Result(settings.seed(), settings.cases(), accepted.get(), revisions.get(), withdrawals.get(),
                rejectedRefs.size(), tally.deidentified, tally.reported, tally.lost, tally.stale, tally.duplicated,
                tally.withdrawnPresent, tally.rejectedPresent, unknown.get(), retried.get(), List.copyOf(kills), jobs,
                jobsFinished && !jobs.isEmpty(), clientSeconds, elapsed());
        System.out.println("fault scenario " + settings.runTag() + ": " + r.summary());
        return r;
    }

    private void awaitProgress(int cases) {
        Poll.until(cases + " cases accepted", Duration.ofHours(2), () -> accepted.get() >= cases || clientsDone.get(), ok -> ok);
    }

    /** Clients never run further than {@link #gate} before the next kill starts. */
    private void awaitKiller() {
        Poll.until("the next kill", Duration.ofHours(2), () -> accepted.get() < gate.get(), ok -> ok);
    }

    // ------------------------------------------------------------------ clients

    private void client(int client, Random random) throws Exception {
        List<CaseState> mine = new ArrayList<>();
        List<CaseState> active = new ArrayList<>();
        int instance = client;
        for (int i = client; i < settings.cases(); i += settings.clients()) {
            String user = settings.centreUsers().get(i % settings.centreUsers().size());
            if (random.nextDouble() < settings.rejectShare()) {
                reject(instance, user, settings.runTag() + "r" + i);
            }
            awaitKiller();
            String tag = settings.runTag() + "n" + i;
            ObjectNode content = SampleCases.valid(SampleCases.identity(tag), "registry_and_research");
            mark(content, 1);
            CaseState cs = new CaseState(user, tag, content);
            create(instance, cs);
            mine.add(cs);
            active.add(cs);
            cases.add(cs);
            accepted.incrementAndGet();
            if (random.nextDouble() < settings.reviseShare()) {
                revise(instance, active.get(random.nextInt(active.size())));
            }
            if (random.nextDouble() < settings.withdrawShare() && active.size() > 1) {
                withdraw(instance, active.remove(random.nextInt(active.size())));
            }
        }
    }

    private static void mark(ObjectNode content, int revision) {
        ((ObjectNode) content.withArray("procedures").get(0)).put("length_of_stay_days", MARKER_BASE + revision);
    }

    private void create(int instance, CaseState cs) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            Resp r = send(instance + attempt, "POST", "/api/v1/cases", cs.user, cs.content.toString(), null);
            if (r != null && (r.status == 201 || r.status == 200)) {
                cs.id = r.body.path("id").asText();
                cs.revision = r.body.path("revision").asInt();
                return;
            }
            if (r != null && r.status > 0 && r.status < 500) {
                throw new AssertionError("POST case got HTTP " + r.status + ": " + r.body);
            }
            // an unknown outcome or a service down: the same POST again (idempotent by local_ref)
            retry(r, attempt, "POST case");
        }
    }

    private void reject(int instance, String user, String tag) throws InterruptedException {
        ObjectNode invalid = SampleCases.valid(SampleCases.identity(tag), "registry_and_research");
        ((ObjectNode) invalid.get("liver_disease")).put("largest_lesion_mm", 999); // the form's maximum is 400
        for (int attempt = 1;; attempt++) {
            Resp r = send(instance + attempt, "POST", "/api/v1/cases", user, invalid.toString(), null);
            if (r != null && (r.status == 400 || r.status == 422)) {
                if (!r.body.toString().contains("largest_lesion_mm")) {
                    throw new AssertionError("the rejection does not name the field: " + r.body);
                }
                rejectedRefs.add(invalid.path("patient").path("local_ref").asText());
                return;
            }
            if (r != null && r.status > 0 && r.status < 500) {
                throw new AssertionError("an invalid case got HTTP " + r.status + ": " + r.body);
            }
            retry(r, attempt, "POST invalid case");
        }
    }

    private void revise(int instance, CaseState cs) throws InterruptedException {
        int target = cs.revision + 1;
        ObjectNode next = cs.content.deepCopy();
        mark(next, target);
        for (int attempt = 1;; attempt++) {
            Resp r = send(instance + attempt, "PUT", "/api/v1/cases/" + cs.id, cs.user, next.toString(), "\"" + cs.revision + "\"");
            if (r != null && r.status == 200) {
                break;
            }
            if (r != null && r.status > 0 && r.status != 412 && r.status < 500) {
                throw new AssertionError("PUT case got HTTP " + r.status + ": " + r.body);
            }
            retry(r, attempt, "PUT case");
            // unknown outcome (or 412 after one): did the earlier attempt apply?
            Resp now = read(instance + attempt, cs);
            if (now.body.path("revision").asInt() >= target) {
                if (now.body.path("case").path("procedures").path(0).path("length_of_stay_days").asInt() != MARKER_BASE + target) {
                    throw new AssertionError("case " + cs.id + " changed by someone else: " + now.body.path("revision"));
                }
                break;
            }
            if (r != null && r.status == 412) {
                throw new AssertionError("PUT refused with 412 though the case is still at revision " + cs.revision);
            }
        }
        cs.content.removeAll();
        cs.content.setAll(next);
        cs.revision = target;
        revisions.incrementAndGet();
    }

    private void withdraw(int instance, CaseState cs) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            Resp r = send(instance + attempt, "POST", "/api/v1/cases/" + cs.id + "/withdrawal", cs.user, "", null);
            if (r != null && r.status == 200) {
                break;
            }
            if (r != null && r.status > 0 && r.status != 409 && r.status < 500) {
                throw new AssertionError("withdrawal got HTTP " + r.status + ": " + r.body);
            }
            retry(r, attempt, "withdrawal");
            // 409 (case-withdrawn) is only right after an attempt whose outcome was unknown
            Resp now = read(instance + attempt, cs);
            if ("withdrawn".equals(now.body.path("status").asText())) {
                break;
            }
            if (r != null && r.status == 409) {
                throw new AssertionError("withdrawal refused with 409 for an active case: " + r.body);
            }
        }
        cs.withdrawn = true;
        withdrawals.incrementAndGet();
    }

    private Resp read(int instance, CaseState cs) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            Resp r = send(instance + attempt, "GET", "/api/v1/cases/" + cs.id, cs.user, null, null);
            if (r != null && r.status == 200) {
                return r;
            }
            if (r != null && r.status > 0 && r.status < 500) {
                throw new AssertionError("GET case got HTTP " + r.status + ": " + r.body);
            }
            retry(r, attempt, "GET case");
        }
    }

    /** After a failed attempt: counts it and waits (polling readiness) until a submission instance is ready. */
    private void retry(Resp r, int attempt, String what) {
        if (r == null) {
            unknown.incrementAndGet();
        } else if (r.status > 0 && r.status < 500) {
            // 412/409 that the caller resolves by reading the case
            return;
        }
        retried.incrementAndGet();
        if (attempt > 100) {
            throw new AssertionError(what + " failed " + attempt + " times; last: " + (r == null ? "no response" : r.status + " " + r.body));
        }
        List<ServiceProcess> subs = stack.instances("submission");
        Poll.until("a submission instance ready", Duration.ofSeconds(300),
                () -> subs.stream().anyMatch(p -> ServiceProcess.status(p.baseUrl() + "/q/health/ready") == 200), ok -> ok);
    }

    /**
     * One request to submission instance {@code instance % n}; status 0 when it was never sent (connection
     * refused: the instance is down), null when its outcome is unknown (sent, no response).
     */
    private Resp send(int instance, String method, String path, String user, String body, String ifMatch) throws InterruptedException {
        List<ServiceProcess> subs = stack.instances("submission");
        ServiceProcess target = subs.get(Math.floorMod(instance, subs.size()));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Tokens.of(user)).header("Accept", "application/json");
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = res.body() == null || res.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(res.body());
            return new Resp(res.statusCode(), json);
        } catch (java.net.ConnectException e) {
            return new Resp(0, JSON.createObjectNode());
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ the replay job

    private void startReplay() throws InterruptedException {
        List<ServiceProcess> subs = stack.instances("submission");
        for (int attempt = 1;; attempt++) {
            ServiceProcess target = subs.get(attempt % subs.size());
            HttpRequest req = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/api/v1/admin/replay"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + Tokens.of("registry-admin"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            try {
                HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 202) {
                    String id = JSON.readTree(res.body()).path("id").asText();
                    jobIds.add(id);
                    System.out.printf("  replay job %s started at %.1fs (%d cases accepted)%n", id, elapsed(), accepted.get());
                    return;
                }
                if (res.statusCode() < 500) {
                    throw new AssertionError("replay got HTTP " + res.statusCode() + ": " + res.body());
                }
            } catch (IOException e) {
                // outcome unknown: a job may have started; every replay job is checked in the database afterwards
            }
            retry(null, attempt, "replay");
        }
    }

    /** Every replay job of this database: "status summary" each. */
    private List<String> replayJobs() {
        List<String> out = new ArrayList<>();
        try (Connection c = stack.db("submission");
                var ps = c.prepareStatement("SELECT id::text, status, summary::text FROM jobs WHERE kind = 'replay' ORDER BY created_at");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String status = rs.getString(2);
                String summary = rs.getString(3);
                // "failed" counts only with a reason
                boolean reason = summary != null && summary.contains("error");
                out.add(status + ("failed".equals(status) && !reason ? "-without-reason" : "") + " " + summary);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    // ------------------------------------------------------------------ the tally

    static final class Tally {
        int deidentified;
        int reported;
        int lost;
        int stale;
        int duplicated;
        int withdrawnPresent;
        int rejectedPresent;

        @Override
        public String toString() {
            return String.format("de-identified %d, reported %d, lost %d (stale %d), duplicated %d, withdrawn present %d, rejected present %d",
                    deidentified, reported, lost, stale, duplicated, withdrawnPresent, rejectedPresent);
        }
    }

    private Set<String> reportingSnapshot() throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = stack.db("reporting"); var ps = c.prepareStatement("SELECT case_pseudonym FROM case_records");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Tally tally(Set<String> before) {
        List<CaseState> all;
        synchronized (cases) {
            all = new ArrayList<>(cases);
        }
        Map<String, CaseState> byId = new HashMap<>();
        all.forEach(cs -> byId.put(cs.id, cs));
        Tally t = new Tally();
        try {
            Map<String, String> pseudonyms = new HashMap<>();
            try (Connection c = stack.db("deidentification");
                    var ps = c.prepareStatement("SELECT case_id::text, case_pseudonym FROM case_pseudonyms WHERE case_id = ANY (?::uuid[])")) {
                ps.setArray(1, c.createArrayOf("text", byId.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pseudonyms.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            // reporting: pseudonym -> {revision, marker}, rows of this run only
            Map<String, int[]> reported = new HashMap<>();
            try (Connection c = stack.db("reporting"); var ps = c.prepareStatement(
                    "SELECT case_pseudonym, revision, (record->'procedures'->0->>'length_of_stay_days')::int FROM case_records");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!before.contains(rs.getString(1))) {
                        reported.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3)});
                    }
                }
            }
            // submission: every case of this run (by its local_ref), and the rejected ones that must not be there
            int extraCases = 0;
            Set<String> rejected = new HashSet<>(rejectedRefs);
            try (Connection c = stack.db("submission");
                    var ps = c.prepareStatement("SELECT id::text, local_ref FROM cases WHERE local_ref LIKE ?")) {
                ps.setString(1, "LR-" + settings.runTag() + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rejected.contains(rs.getString(2))) {
                            t.rejectedPresent++;
                        } else if (!byId.containsKey(rs.getString(1))) {
                            extraCases++; // a second case for one local_ref: a retried POST created it again
                        }
                    }
                }
            }
            Set<String> expected = new HashSet<>();
            for (CaseState cs : all) {
                String p = pseudonyms.get(cs.id);
                if (p != null) {
                    expected.add(p);
                    t.deidentified++;
                }
                if (cs.withdrawn) {
                    if (p != null && reported.containsKey(p)) {
                        t.withdrawnPresent++;
                    }
                    continue;
                }
                int[] row = p == null ? null : reported.get(p);
                if (row == null) {
                    t.lost++;
                } else if (row[0] != cs.revision || row[1] != MARKER_BASE + cs.revision) {
                    t.lost++;
                    t.stale++;
                } else {
                    t.reported++;
                }
            }
            int strangers = 0;
            for (String p : reported.keySet()) {
                if (!expected.contains(p)) {
                    strangers++; // a record of no case the clients know: a duplicate
                }
            }
            t.duplicated = extraCases + strangers;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return t;
    }
}
