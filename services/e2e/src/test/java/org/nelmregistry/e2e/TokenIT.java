package org.nelmregistry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.TestStack;
import org.nelmregistry.testsupport.Tokens;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The services accept only tokens that the registry realm issued to a platform client, for
 * the platform's audience, still valid, signed by the realm, with one well-formed centre.
 * Every refusal is compared with the same request and a good token (200), so the 401 is due
 * to the one property the test changes. Fixtures: clients {@code other-app} (no audience)
 * and {@code expiry-probe} (10-second tokens), user {@code malformed-centre} in the
 * development realm, realm {@code other} (infra/keycloak/test/other-realm.json).
 */
@ExtendWith(RegistryStack.class)
class TokenIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** One request per service that the user may make with a good token. */
    static final Map<String, String> PROBES = Map.of(
            "submission", "/api/v1/cases",
            "deidentification", "/api/v1/keys",
            "reporting", "/api/v1/reports/summary");

    static int status(String service, String token) {
        return given().auth().oauth2(token).get(RegistryStack.url(service) + PROBES.get(service)).then().extract().statusCode();
    }

    /** The same user's good token gets 200 and the given token gets 401, on every service. */
    static void refusedEverywhere(String user, String token, String why) {
        for (String service : PROBES.keySet()) {
            if (service.equals("submission") ? user.startsWith("c00") : user.equals("registry-admin")) {
                assertEquals(200, status(service, Tokens.of(user)), service + ": the good token of " + user);
                assertEquals(401, status(service, token), service + ": " + why);
            }
        }
    }

    static JsonNode claims(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    static String b64(JsonNode n) {
        return B64.encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenForAnotherClientOfTheRealmIsRefused() throws Exception {
        for (String user : List.of("c001-submitter", "registry-admin")) {
            String token = Tokens.fetch(TestStack.REALM_URL, "other-app", user, user);
            assertTrue(!claims(token).path("aud").toString().contains("nelm-registry"), "the fixture client adds no audience");
            refusedEverywhere(user, token, "a token without the platform's audience");
        }
    }

    @Test
    void aTokenOfAnotherRealmIsRefused() throws Exception {
        // same client id, user name, roles, centre and audience: only the issuer (and its keys) differ
        String token = Tokens.fetch(TestStack.KEYCLOAK + "/realms/other", "registry-cli", "c001-submitter", "c001-submitter");
        assertTrue(claims(token).path("iss").asText().endsWith("/realms/other"));
        assertTrue(claims(token).path("aud").toString().contains("nelm-registry"));
        refusedEverywhere("c001-submitter", token, "a token of realm other");
        // its user is registry-admin there too: refused where that role would be enough
        for (String service : List.of("deidentification", "reporting")) {
            assertEquals(200, status(service, Tokens.of("registry-admin")), service);
            assertEquals(401, status(service, token), service + ": a token of realm other");
        }
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        // a warm service first: the fixture's token lives only 10 seconds
        assertEquals(200, status("submission", Tokens.of("c001-submitter")));
        String token = Tokens.fetch(TestStack.REALM_URL, "expiry-probe", "c001-submitter", "c001-submitter");
        long exp = claims(token).path("exp").asLong();
        assertEquals(200, status("submission", token), "accepted while valid (the fixture client is otherwise a platform client)");
        Poll.until("the token's expiry", Duration.ofSeconds(30), () -> System.currentTimeMillis() / 1000, now -> now > exp + 1);
        refusedEverywhere("c001-submitter", token, "an expired token");
    }

    @Test
    void unsignedForgedAndTamperedTokensAreRefused() throws Exception {
        String good = Tokens.of("registry-admin");
        String[] parts = good.split("\\.");
        ObjectNode header = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode payload = claims(good);

        ObjectNode none = header.deepCopy().put("alg", "none");
        refusedEverywhere("registry-admin", b64(none) + "." + parts[1] + ".", "alg none");

        // signed with a key of our own under the realm's key id
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        Signature rs = Signature.getInstance("SHA256withRSA");
        rs.initSign(keys.generateKeyPair().getPrivate());
        rs.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        refusedEverywhere("registry-admin", parts[0] + "." + parts[1] + "." + B64.encodeToString(rs.sign()), "a forged signature");

        // HS256 keyed with the realm's public key (algorithm confusion)
        String publicKey = given().get(TestStack.REALM_URL).then().statusCode(200).extract().path("public_key");
        ObjectNode hs = header.deepCopy().put("alg", "HS256");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicKey.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        String hsInput = b64(hs) + "." + parts[1];
        refusedEverywhere("registry-admin", hsInput + "." + B64.encodeToString(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII))),
                "HS256 with the public key");

        // the realm's own signature over claims changed afterwards: another issuer, a longer life
        ObjectNode otherIssuer = ((ObjectNode) payload.deepCopy()).put("iss", TestStack.KEYCLOAK + "/realms/other");
        refusedEverywhere("registry-admin", parts[0] + "." + b64(otherIssuer) + "." + parts[2], "a changed issuer");
        ObjectNode longer = ((ObjectNode) payload.deepCopy()).put("exp", payload.path("exp").asLong() + 86_400);
        refusedEverywhere("registry-admin", parts[0] + "." + b64(longer) + "." + parts[2], "a changed expiry");
    }

    /**
     * A centre claim that is not one centre code ({@code C001,C002} here, from a user
     * attribute) is a token problem: 401, before any resource compares centres.
     */
    @Test
    void aMalformedCentreClaimIsRefused() throws Exception {
        String token = Tokens.fetch(TestStack.REALM_URL, "registry-cli", "malformed-centre", "malformed-centre");
        assertEquals("C001,C002", claims(token).path("centre_id").asText());
        assertEquals(200, status("submission", Tokens.of("c001-submitter")));
        assertEquals(401, status("submission", token), "a malformed centre_id claim");
        assertEquals(401, given().auth().oauth2(token).get(RegistryStack.url("submission") + "/api/v1/quality/completeness")
                .then().extract().statusCode());
    }
}
