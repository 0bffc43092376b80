package org.nelmregistry.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.ServiceProcess;
import org.nelmregistry.testsupport.TestStack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the three packaged services once per test run, as separate processes against the
 * test stack of {@code ./registry test} (its Kafka, Keycloak and {@code <service>_e2e}
 * databases), and stops them when the run ends.
 */
public class RegistryStack implements BeforeAllCallback {

    public static final Map<String, Integer> PORTS = Map.of("submission", 18081, "deidentification", 18082, "reporting", 18083);

    /** The dashboard's inactivity limit in the e2e run (15 minutes in production). */
    public static final String DASHBOARD_IDLE_TIMEOUT = "PT45S";

    public static String url(String service) {
        return "http://127.0.0.1:" + PORTS.get(service);
    }

    public static Path root() {
        return Path.of(System.getProperty("registry.root", "../..")).toAbsolutePath().normalize();
    }

    /** A service's JDBC URL: the server's error detail (row values) never reaches an exception or log. */
    public static String serviceJdbcUrl(String database) {
        return TestStack.jdbcUrl(database) + "?logServerErrorDetail=false";
    }

    public static Path logDir() {
        return root().resolve("services/e2e/target/e2e-logs");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Services.class, k -> Services.start(), Services.class);
    }

    static final class Services implements ExtensionContext.Store.CloseableResource {
        final List<ServiceProcess> processes = new ArrayList<>();

        static Services start() {
            Poll.until("Keycloak of the test stack (" + TestStack.KEYCLOAK_HEALTH + ")", Duration.ofSeconds(240),
                    () -> ServiceProcess.status(TestStack.KEYCLOAK_HEALTH), s -> s == 200);
            Services s = new Services();
            try {
                for (String name : List.of("submission", "deidentification", "reporting")) {
                    Map<String, String> config = new LinkedHashMap<>();
                    config.put("quarkus.datasource.jdbc.url", serviceJdbcUrl(name + TestStack.E2E_DB_SUFFIX));
                    config.put("quarkus.datasource.password", TestStack.dbPassword(name));
                    config.put("kafka.bootstrap.servers", TestStack.KAFKA);
                    config.put("quarkus.oidc.auth-server-url", TestStack.REALM_URL);
                    if (name.equals("reporting")) {
                        // short, so that DashboardIT can watch an idle browser session end
                        config.put("registry.dashboard.idle-timeout", DASHBOARD_IDLE_TIMEOUT);
                        config.put("registry.exports.directory", logDir().resolve("exports").toString());
                    }
                    if (name.equals("deidentification")) {
                        java.nio.file.Path keys = logDir().resolve("e2e-keyset.json");
                        java.nio.file.Files.deleteIfExists(keys);
                        config.put("registry.pseudonym.keystore", keys.toString());
                    }
                    // a run may give a service more configuration: -De2e.<service>.<key>=<value>
                    String prefix = "e2e." + name + ".";
                    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                            .forEach(k -> config.put(k.substring(prefix.length()), System.getProperty(k)));
                    s.processes.add(ServiceProcess.start(root(), name, PORTS.get(name), "dev", config, logDir()));
                }
                s.processes.forEach(p -> p.awaitReady(Duration.ofSeconds(120)));
            } catch (Exception | AssertionError e) {
                s.close();
                throw new IllegalStateException("the services did not start: " + e.getMessage(), e);
            }
            return s;
        }

        @Override
        public void close() {
            processes.forEach(ServiceProcess::close);
        }
    }
}
