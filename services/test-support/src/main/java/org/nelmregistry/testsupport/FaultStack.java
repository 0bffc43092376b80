package org.nelmregistry.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.nelmregistry.contracts.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A platform of a fault test's own: a fresh Kafka broker (its own port and data) with the
 * registry's topics, and N instances of each service (same consumer groups) on ports of their
 * own against databases {@code <service><dbSuffix>}, so that the test can kill any process
 * without touching the shared test stack. The databases must exist and be empty (the
 * {@code registry} launcher creates them fresh); Keycloak is the test stack's.
 * <p>
 * Ports: the broker on {@code kafkaPort} (controller {@code kafkaPort + 1}); instance {@code j}
 * of the {@code i}-th service (submission, de-identification, reporting) on
 * {@code firstServicePort + i * instances + j}. Every de-identification instance uses the same
 * key set (one file, created by the first instance before the second starts; a key set kept in
 * the database is shared anyway).
 */
public final class FaultStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("submission", "deidentification", "reporting");

    /**
     * @param work broker data, key set and logs go under it (emptied first)
     * @param extra more configuration per service name (e.g. producer timeouts)
     */
    public record Options(Path root, Path work, int kafkaPort, int firstServicePort, int instances, int partitions,
            String dbSuffix, Map<String, Map<String, String>> extra) {
    }

    private final Options options;
    private final KafkaProcess broker;
    private final Map<String, List<ServiceProcess>> instances = new LinkedHashMap<>();

    private FaultStack(Options options, KafkaProcess broker) {
        this.options = options;
        this.broker = broker;
    }

    /** Starts the broker, creates the topics, then every instance; returns once all are ready. */
    public static FaultStack start(Options o) throws Exception {
        if (Files.exists(o.work())) {
            try (var walk = Files.walk(o.work())) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(o.work());
        FaultStack stack = new FaultStack(o, new KafkaProcess(o.root(), o.work().resolve("kafka"), o.kafkaPort(), o.kafkaPort() + 1));
        try {
            stack.broker.start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrap()))) {
                admin.createTopics(List.of(
                        new NewTopic(Topics.CASE_EVENTS, o.partitions(), (short) 1).configs(Map.of("cleanup.policy", "delete")),
                        new NewTopic(Topics.DEIDENTIFIED_CASES, o.partitions(), (short) 1)
                                .configs(Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0")),
                        new NewTopic(Topics.DEAD_LETTER, 1, (short) 1))).all().get();
            }
            // instance 0 of each service first: the first de-identification instance creates the key set
            for (int j = 0; j < o.instances(); j++) {
                List<ServiceProcess> round = new ArrayList<>();
                for (int i = 0; i < SERVICES.size(); i++) {
                    String name = SERVICES.get(i);
                    ServiceProcess p = ServiceProcess.startLoggingTo(o.root(), name, o.firstServicePort() + i * o.instances() + j,
                            "dev", stack.config(name), o.work().resolve("logs").resolve(name + "-" + (j + 1) + ".log"));
                    stack.instances.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
                    round.add(p);
                }
                round.forEach(p -> p.awaitReady(Duration.ofSeconds(240)));
            }
        } catch (Exception | AssertionError e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private Map<String, String> config(String name) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", serviceJdbcUrl(name));
        config.put("quarkus.datasource.password", TestStack.dbPassword(name));
        config.put("kafka.bootstrap.servers", broker.bootstrap());
        config.put("quarkus.oidc.auth-server-url", TestStack.REALM_URL);
        if (name.equals("deidentification")) {
            config.put("registry.pseudonym.keystore", options.work().resolve("keyset.json").toString());
        }
        if (name.equals("reporting")) {
            config.put("registry.exports.directory", options.work().resolve("exports").toString());
            config.put("registry.rebuild.bootstrap-servers", broker.bootstrap());
        }
        config.putAll(options.extra().getOrDefault(name, Map.of()));
        return config;
    }

    public String database(String service) {
        return service + options.dbSuffix();
    }

    /** A service's JDBC URL: the server's error detail (row values) never reaches an exception or log. */
    private String serviceJdbcUrl(String service) {
        return TestStack.jdbcUrl(database(service)) + "?logServerErrorDetail=false";
    }

    /** A connection to a service's database with its own login (for checks from outside). */
    public Connection db(String service) throws SQLException {
        return DriverManager.getConnection(TestStack.jdbcUrl(database(service)), service, TestStack.dbPassword(service));
    }

    public KafkaProcess broker() {
        return broker;
    }

    public List<ServiceProcess> instances(String service) {
        return instances.getOrDefault(service, List.of());
    }

    public List<ServiceProcess> services() {
        return instances.values().stream().flatMap(List::stream).toList();
    }

    @Override
    public void close() {
        // reporting first, the broker last
        List<ServiceProcess> all = new ArrayList<>(services());
        java.util.Collections.reverse(all);
        all.forEach(ServiceProcess::close);
        try {
            broker.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For a fault scenario: the processes it may kill, each with the way to bring it back. */
    public List<FaultScenario.Target> targets() {
        List<FaultScenario.Target> out = new ArrayList<>();
        for (List<ServiceProcess> list : instances.values()) {
            for (int j = 0; j < list.size(); j++) {
                ServiceProcess p = list.get(j);
                out.add(new FaultScenario.Target(p.name() + (list.size() > 1 ? "#" + (j + 1) : ""), p::kill9,
                        () -> {
                            p.restart();
                            p.awaitReady(Duration.ofSeconds(240));
                        }));
            }
        }
        out.add(new FaultScenario.Target("kafka", broker::kill, broker::start));
        return out;
    }
}
