package org.nelmregistry.common.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealmRolesTest {

    static final Path KEYCLOAK = Path.of("../../infra/keycloak");
    /** The clients of the platform itself; every other client of the development realm is a test fixture. */
    static final Set<String> PLATFORM_CLIENTS = Set.of("registry-cli", "registry-dashboard");
    static final String FIXTURE = "TEST FIXTURE";

    static JsonNode read(String file) throws IOException {
        return new ObjectMapper().readTree(KEYCLOAK.resolve(file).toFile());
    }

    static JsonNode dev() throws IOException {
        return read("registry-realm.json");
    }

    static JsonNode prod() throws IOException {
        return read("registry-realm-prod.json");
    }

    static Set<String> roles(JsonNode realm) {
        Set<String> out = new TreeSet<>();
        realm.path("roles").path("realm").forEach(r -> out.add(r.path("name").asText()));
        return out;
    }

    static Map<String, JsonNode> clients(JsonNode realm) {
        Map<String, JsonNode> out = new TreeMap<>();
        realm.path("clients").forEach(c -> out.put(c.path("clientId").asText(), c));
        return out;
    }

    static Map<String, JsonNode> mappers(JsonNode client) {
        Map<String, JsonNode> out = new TreeMap<>();
        client.path("protocolMappers").forEach(m -> out.put(m.path("name").asText(), m));
        return out;
    }

    /** The realm in infra/keycloak defines exactly the roles the services check (Caller's constants). */
    @Test
    void theRealmDefinesExactlyTheRolesTheServicesUse() throws Exception {
        Set<String> inRealm = roles(dev());
        Set<String> inCode = new TreeSet<>();
        for (Field f : Caller.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("CENTRE_ID_CLAIM")) {
                inCode.add((String) f.get(null));
            }
        }
        assertEquals(inCode, inRealm);
        assertEquals(6, inRealm.size(), Arrays.toString(inRealm.toArray()));
    }

    /**
     * Every platform client adds the audience each service requires, so a token issued to
     * any other client of the realm is refused; the development realm's other clients are
     * marked as test fixtures.
     */
    @Test
    void everyPlatformClientAddsTheAudienceTheServicesRequire() throws Exception {
        Set<String> audiences = new TreeSet<>();
        for (String service : List.of("submission", "deidentification", "reporting")) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of("../" + service + "/src/main/resources/application.properties"))) {
                p.load(r);
            }
            String aud = p.getProperty("quarkus.oidc.token.audience");
            assertTrue(aud != null && !aud.isBlank(), service + " sets quarkus.oidc.token.audience");
            audiences.add(aud);
        }
        assertEquals(1, audiences.size(), "one audience for the platform: " + audiences);
        String audience = audiences.iterator().next();
        for (JsonNode realm : List.of(dev(), prod())) {
            Map<String, JsonNode> clients = clients(realm);
            for (String id : PLATFORM_CLIENTS) {
                assertTrue(clients.containsKey(id), id + " in realm file");
                JsonNode aud = mappers(clients.get(id)).values().stream()
                        .filter(m -> m.path("protocolMapper").asText().equals("oidc-audience-mapper")).findFirst().orElse(null);
                assertTrue(aud != null, id + " has an audience mapper");
                assertEquals(audience, aud.path("config").path("included.custom.audience").asText(), id);
                assertEquals("true", aud.path("config").path("access.token.claim").asText(), id);
            }
        }
        clients(dev()).forEach((id, c) -> assertTrue(PLATFORM_CLIENTS.contains(id) || c.path("name").asText().startsWith(FIXTURE),
                id + " is neither a platform client nor a marked test fixture"));
    }

    /** The development users carry a centre code of the form the services accept (the fixtures excepted). */
    @Test
    void developmentUsersCarryWellFormedCentreCodes() throws Exception {
        int checked = 0;
        for (JsonNode u : dev().path("users")) {
            JsonNode centre = u.path("attributes").path(Caller.CENTRE_ID_CLAIM);
            if (centre.isMissingNode() || u.path("firstName").asText().equals(FIXTURE)) {
                continue;
            }
            assertEquals(1, centre.size(), u.path("username").asText());
            assertTrue(CentreClaimCheck.valid(centre.get(0).asText()), u.path("username").asText());
            checked++;
        }
        assertEquals(26, checked, "c001-submitter, c001-lead, c002..c025-submitter");
    }

    /**
     * The production template: no users, TLS for external clients, brute-force protection, no
     * password grant on any public client; the same roles, clients and protocol mappers as
     * the development realm.
     */
    @Test
    void theProductionTemplateIsHardenedAndMatchesTheDevelopmentRealm() throws Exception {
        JsonNode prod = prod();
        JsonNode dev = dev();
        assertEquals("registry", prod.path("realm").asText());
        assertEquals(0, prod.path("users").size(), "no users in the production template");
        assertEquals("external", prod.path("sslRequired").asText());
        assertTrue(prod.path("bruteForceProtected").asBoolean(false), "brute-force protection on");
        assertTrue(prod.path("failureFactor").asInt(0) > 0 && prod.path("failureFactor").asInt() <= 10, "lock-out after a few failures");
        assertFalse(prod.path("registrationAllowed").asBoolean(true), "no self-registration");
        assertFalse(prod.path("passwordPolicy").asText().isBlank(), "a password policy");
        for (JsonNode c : prod.path("clients")) {
            String id = c.path("clientId").asText();
            if (c.path("publicClient").asBoolean(false)) {
                // explicit false: an absent flag would leave the decision to Keycloak's defaults
                assertTrue(c.has("directAccessGrantsEnabled") && !c.path("directAccessGrantsEnabled").asBoolean(),
                        id + ": no password grant on a public client");
                assertFalse(c.path("implicitFlowEnabled").asBoolean(false), id + ": no implicit flow");
            }
            for (JsonNode uri : c.path("redirectUris")) {
                assertTrue(uri.asText().startsWith("https://"), id + ": redirect over TLS only: " + uri.asText());
            }
        }
        assertEquals(roles(dev), roles(prod), "same realm roles");
        Map<String, JsonNode> devClients = clients(dev);
        Map<String, JsonNode> prodClients = clients(prod);
        assertEquals(PLATFORM_CLIENTS, prodClients.keySet(), "the platform clients and nothing else");
        for (String id : PLATFORM_CLIENTS) {
            assertEquals(mappers(devClients.get(id)), mappers(prodClients.get(id)), id + ": same protocol mappers");
            assertEquals(devClients.get(id).path("publicClient"), prodClients.get(id).path("publicClient"), id);
        }
        assertEquals(dev.path("attributes"), prod.path("attributes"), "same user-profile policy (centre_id attribute)");
    }
}
