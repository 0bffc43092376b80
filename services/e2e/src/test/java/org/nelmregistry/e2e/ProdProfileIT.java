package org.nelmregistry.e2e;

import org.junit.jupiter.api.Test;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.ServiceProcess;
import org.nelmregistry.testsupport.TestStack;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged service refuses the development pseudonymisation key under the prod profile. */
class ProdProfileIT {

    @Test
    void deidentificationRefusesTheDevelopmentKeyInProd() throws Exception {
        String devKey = "dev-only-pseudonym-key-not-secret";
        Map<String, String> env = Map.of(
                "DEIDENTIFICATION_DB_URL", RegistryStack.serviceJdbcUrl("deidentification" + TestStack.E2E_DB_SUFFIX),
                "DEIDENTIFICATION_DB_PASSWORD", TestStack.dbPassword("deidentification"),
                "KAFKA_BOOTSTRAP_SERVERS", TestStack.KAFKA,
                "OIDC_AUTH_SERVER_URL", TestStack.REALM_URL,
                "PSEUDONYM_KEY", devKey,
                "PSEUDONYM_KEYSTORE", RegistryStack.logDir().resolve("prod/keyset.json").toString());
        try (ServiceProcess p = ServiceProcess.start(RegistryStack.root(), "deidentification", 18092, "prod", env,
                RegistryStack.logDir().resolve("prod"))) {
            Poll.until("the prod service to refuse to start", Duration.ofSeconds(90), p::alive, alive -> !alive);
            String log = Files.readString(p.log());
            assertTrue(log.contains("development defaults refused under the prod profile"), p.tail());
            assertTrue(log.contains("registry.pseudonym.key"), "names the property");
            assertFalse(log.contains(devKey), "never prints the secret");
        }
    }
}
