package org.nelmregistry.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Submits a cohort through the public API, as centres do: each centre's cases go in batches
 * to {@code POST /api/v1/imports} with a token of that centre's submitter (the token decides
 * the centre), and the job is polled until it completes. Imports upsert by local_ref, so
 * running it twice creates nothing new.
 *
 * <p>Users: centre {@code Cnnn} submits as {@code String.format(userPattern, nnn)} (default
 * {@code c%03d-submitter}); the password is the user name, the development realm's convention.
 */
public final class Submitter {

    /** Summary of one run: outcome counts over all jobs, and the centres without a user. */
    public record Result(Map<String, Integer> counts, List<String> skippedCentres, boolean failed) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build(); // plain HTTP/1.1: no h2c upgrade dance per request
    private final String realmUrl;
    private final String submissionUrl;
    private final String userPattern;
    private final PrintStream log;

    public Submitter(String realmUrl, String submissionUrl, String userPattern, PrintStream log) {
        this.realmUrl = realmUrl.replaceAll("/+$", "");
        this.submissionUrl = submissionUrl.replaceAll("/+$", "");
        this.userPattern = userPattern;
        this.log = log;
    }

    /** @param skipMissing centres whose user the realm does not know are skipped (else the run stops) */
    public Result submit(List<GeneratedCase> cases, boolean skipMissing) throws IOException, InterruptedException {
        Map<String, List<ObjectNode>> byCentre = new TreeMap<>();
        for (GeneratedCase c : cases) {
            byCentre.computeIfAbsent(c.centreId(), k -> new ArrayList<>()).add(c.body());
        }
        Map<String, Integer> total = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        boolean failed = false;
        // every centre's user first: a run that will stop sends nothing
        for (String centre : byCentre.keySet()) {
            if (token(user(centre)) == null) {
                if (!skipMissing) {
                    throw new IllegalStateException("centre " + centre + ": the realm has no user " + user(centre)
                            + " (add it, or pass --missing-users skip)");
                }
                skipped.add(centre);
            }
        }
        for (Map.Entry<String, List<ObjectNode>> e : byCentre.entrySet()) {
            String centre = e.getKey();
            String user = user(centre);
            if (skipped.contains(centre)) {
                continue;
            }
            List<ObjectNode> list = e.getValue();
            Map<String, Integer> centreCounts = new TreeMap<>();
            for (int from = 0; from < list.size(); from += BATCH) {
                List<ObjectNode> batch = list.subList(from, Math.min(list.size(), from + BATCH));
                JsonNode job = run(user, batch);
                job.path("summary").fields().forEachRemaining(f -> centreCounts.merge(f.getKey(), f.getValue().asInt(), Integer::sum));
                if (!"completed".equals(job.path("status").asText())) {
                    failed = true;
                    log.println("  " + centre + ": import job " + job.path("id").asText() + " ended " + job.path("status").asText());
                }
                if (job.path("summary").path("rejected").asInt() > 0) {
                    failed = true;
                    printRejected(user, job.path("id").asText());
                }
            }
            centreCounts.forEach((k, v) -> total.merge(k, v, Integer::sum));
            log.println("  " + centre + " (" + user + "): " + list.size() + " cases " + centreCounts);
        }
        return new Result(total, skipped, failed);
    }

    private String user(String centre) {
        return String.format(userPattern, Integer.parseInt(centre.substring(1)));
    }

    private JsonNode run(String user, List<ObjectNode> batch) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder(CohortWriter.json(batch));
        HttpRequest post = HttpRequest.newBuilder(URI.create(submissionUrl + "/api/v1/imports"))
                .header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> res = http.send(post, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 202) {
            throw new IllegalStateException("POST /api/v1/imports as " + user + ": HTTP " + res.statusCode() + " " + res.body());
        }
        String id = JSON.readTree(res.body()).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (true) {
            JsonNode job = get(user, "/api/v1/imports/" + id + "?size=1");
            String status = job.path("status").asText();
            if (status.equals("completed") || status.equals("failed")) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("import job " + id + " still " + status + " after 30 minutes");
            }
            Thread.sleep(500); // polling a running job, not waiting for a guess
        }
    }

    private void printRejected(String user, String jobId) throws IOException, InterruptedException {
        JsonNode page = get(user, "/api/v1/imports/" + jobId + "?outcome=rejected&size=5");
        for (JsonNode item : page.path("results").path("items")) {
            log.println("    rejected row " + item.path("row").asInt() + ": " + item.path("errors"));
        }
    }

    private JsonNode get(String user, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(submissionUrl + path)).header("Authorization", "Bearer " + token(user))
                .timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + res.statusCode());
        }
        return JSON.readTree(res.body());
    }

    private final Map<String, String> tokens = new TreeMap<>();
    private final Map<String, Long> expires = new TreeMap<>();

    /** A password-grant token on registry-cli, or null when Keycloak does not know the user. */
    String token(String user) throws IOException, InterruptedException {
        Long exp = expires.get(user);
        if (exp != null && exp > System.currentTimeMillis()) {
            return tokens.get(user);
        }
        String form = "grant_type=password&client_id=registry-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 401 || res.statusCode() == 400) {
            return null;
        }
        if (res.statusCode() != 200) {
            throw new IllegalStateException("token for " + user + ": HTTP " + res.statusCode());
        }
        JsonNode t = JSON.readTree(res.body());
        // renew well before expiry: a long import outlives a 15-minute token
        tokens.put(user, t.path("access_token").asText());
        expires.put(user, System.currentTimeMillis() + Math.max(30, t.path("expires_in").asLong(300) - 60) * 1000L);
        return tokens.get(user);
    }
}
