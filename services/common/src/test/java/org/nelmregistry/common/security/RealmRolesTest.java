package org.nelmregistry.common.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RealmRolesTest {

    /** The realm in infra/keycloak defines exactly the roles the services check (Caller's constants). */
    @Test
    void theRealmDefinesExactlyTheRolesTheServicesUse() throws Exception {
        JsonNode realm = new ObjectMapper().readTree(Path.of("../../infra/keycloak/registry-realm.json").toFile());
        Set<String> inRealm = new TreeSet<>();
        realm.path("roles").path("realm").forEach(r -> inRealm.add(r.path("name").asText()));
        Set<String> inCode = new TreeSet<>();
        for (Field f : Caller.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("CENTRE_ID_CLAIM")) {
                inCode.add((String) f.get(null));
            }
        }
        assertEquals(inCode, inRealm);
        assertEquals(6, inRealm.size(), Arrays.toString(inRealm.toArray()));
    }
}
