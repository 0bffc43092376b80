package org.nelmregistry.common.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.json.Json;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CentreClaimCheckTest {

    record Jwt(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return "someone";
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String name) {
            return (T) claims.get(name);
        }
    }

    static io.quarkus.security.identity.SecurityIdentity augmented(Map<String, Object> claims) {
        var identity = QuarkusSecurityIdentity.builder().setPrincipal(new Jwt(claims)).addRole(Caller.CENTRE_SUBMITTER).build();
        return new CentreClaimCheck().augment(identity, null).await().indefinitely();
    }

    @Test
    void oneCentreCodeIsValid() {
        assertTrue(CentreClaimCheck.valid("C001"));
        assertTrue(CentreClaimCheck.valid(Json.createValue("C999")));
    }

    @Test
    void anythingElseIsMalformed() {
        for (Object bad : new Object[] {"c001", "C0001", "C01", " C001", "C001 ", "C001,C002", "C001\n", "", "../C001",
                Json.createArrayBuilder().add("C001").add("C002").build(), Json.createArrayBuilder().add("C001").build(),
                Json.createValue(1), Json.createObjectBuilder().add("id", "C001").build(), 1, null}) {
            assertFalse(CentreClaimCheck.valid(bad), String.valueOf(bad));
        }
    }

    @Test
    void aTokenWithAMalformedCentreFailsAuthentication() {
        assertThrows(AuthenticationFailedException.class, () -> augmented(Map.of("centre_id", "C001,C002")));
        assertThrows(AuthenticationFailedException.class,
                () -> augmented(Map.of("centre_id", Json.createArrayBuilder().add("C001").add("C002").build())));
    }

    @Test
    void aTokenWithOneCentreOrNoneIsLeftAsItIs() {
        var ok = QuarkusSecurityIdentity.builder().setPrincipal(new Jwt(Map.of("centre_id", "C001"))).build();
        assertSame(ok, new CentreClaimCheck().augment(ok, null).await().indefinitely());
        var none = QuarkusSecurityIdentity.builder().setPrincipal(new Jwt(Map.of())).build();
        assertSame(none, new CentreClaimCheck().augment(none, null).await().indefinitely());
    }
}
