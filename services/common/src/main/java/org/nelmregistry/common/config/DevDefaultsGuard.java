package org.nelmregistry.common.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Development secrets are marked: their values start with {@value #MARK}. Under the prod
 * profile a service refuses to start while any configuration value is such a default.
 */
@Singleton
public class DevDefaultsGuard {

    public static final String MARK = "dev-only-";

    void check(@Observes StartupEvent ev, Config config) {
        if (!ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        List<String> offending = offending(config);
        if (!offending.isEmpty()) {
            throw new IllegalStateException("development defaults refused under the prod profile: " + offending
                    + " (set real secrets through the environment)");
        }
    }

    /** Names (never values) of properties that hold a development default. */
    public static List<String> offending(Config config) {
        List<String> names = new ArrayList<>();
        // "%dev.x"-style names belong to other profiles and are not in force
        StreamSupport.stream(config.getPropertyNames().spliterator(), false).filter(n -> !n.startsWith("%"))
                .sorted().forEach(n -> {
            try {
                config.getOptionalValue(n, String.class).filter(v -> v.startsWith(MARK)).ifPresent(v -> names.add(n));
            } catch (RuntimeException ignored) {
                // a property that cannot be read as a string (or expands to a missing one) is not a default
            }
        });
        return names;
    }
}
