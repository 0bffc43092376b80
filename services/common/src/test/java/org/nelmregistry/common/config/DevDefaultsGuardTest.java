package org.nelmregistry.common.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DevDefaultsGuardTest {

    static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }

    @Test
    void namesEveryPropertyHoldingADevelopmentDefaultButNeverOtherProfiles() {
        Config c = config(Map.of(
                "registry.pseudonym.key", "dev-only-pseudonym-key",
                "quarkus.datasource.password", "dev-only-submission",
                "%dev.some.secret", "dev-only-x",
                "quarkus.http.port", "8081"));
        assertEquals(List.of("quarkus.datasource.password", "registry.pseudonym.key"), DevDefaultsGuard.offending(c));
    }

    @Test
    void realSecretsPass() {
        assertEquals(List.of(), DevDefaultsGuard.offending(config(Map.of("registry.pseudonym.key", "s3cr3t-from-vault"))));
    }
}
