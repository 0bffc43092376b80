package org.nelmregistry.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Real access tokens from the test Keycloak by password grant on the public client
 * {@code registry-cli}; development users' passwords equal their user names. Cached for
 * five minutes (tokens live fifteen).
 */
public final class Tokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, long[]> EXPIRY = new ConcurrentHashMap<>();
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    public static String of(String user) {
        long[] exp = EXPIRY.get(user);
        if (exp != null && exp[0] > System.currentTimeMillis()) {
            return CACHE.get(user);
        }
        String token = fetch(TestStack.REALM_URL, user, user);
        CACHE.put(user, token);
        EXPIRY.put(user, new long[] {System.currentTimeMillis() + 300_000});
        return token;
    }

    public static String fetch(String realmUrl, String user, String password) {
        return fetch(realmUrl, "registry-cli", user, password);
    }

    /** A token by password grant on any public client of a realm (e.g. a test fixture client). */
    public static String fetch(String realmUrl, String clientId, String user, String password) {
        Map<String, String> form = Map.of("grant_type", "password", "client_id", clientId,
                "username", user, "password", password);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("token for " + user + ": HTTP " + res.statusCode() + " " + res.body());
            }
            JsonNode json = new ObjectMapper().readTree(res.body());
            return json.path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak not reachable at " + realmUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
