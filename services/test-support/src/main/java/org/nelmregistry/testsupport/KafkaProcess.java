package org.nelmregistry.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of a test's own, as a separate process from the jars that {@code ./registry}
 * fetched ({@code REGISTRY_KAFKA_LIBS}) and the project's broker template, so that a test can
 * stop it and start it again on the same data.
 */
public final class KafkaProcess implements AutoCloseable {

    private final Path root;
    private final Path libs;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaProcess(Path root, Path dir, int port, int controllerPort) {
        String libsEnv = System.getenv("REGISTRY_KAFKA_LIBS");
        if (libsEnv == null || libsEnv.isBlank()) {
            throw new IllegalStateException("REGISTRY_KAFKA_LIBS is not set: run the tests with ./registry test");
        }
        this.root = root;
        this.libs = Path.of(libsEnv);
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private List<String> java(String mainClass, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dlog4j2.configurationFile=" + root.resolve("infra/kafka/log4j2.xml"), "-cp", libs + "/*", mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Formats the storage on first start, then starts the broker and waits until it listens. */
    public void start() throws IOException, InterruptedException {
        Path props = dir.resolve("server.properties");
        Path data = dir.resolve("data");
        if (!Files.exists(data.resolve("meta.properties"))) {
            Files.createDirectories(dir);
            String template = Files.readString(root.resolve("infra/kafka/server.properties.template"));
            Files.writeString(props, template.replace("@PORT@", Integer.toString(port))
                    .replace("@CONTROLLER_PORT@", Integer.toString(controllerPort)).replace("@DATA@", data.toString()));
            UUID u = UUID.randomUUID();
            byte[] b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
            // "=" form: a base64url id may start with "-", which the tool would read as an option
            String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            Process f = new ProcessBuilder(java("kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId, "-c", props.toString(), "--standalone"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
            if (!f.waitFor(60, TimeUnit.SECONDS) || f.exitValue() != 0) {
                throw new IllegalStateException("kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
            }
        }
        process = new ProcessBuilder(java("kafka.Kafka", props.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile())).start();
        Poll.until("test broker on " + port, Duration.ofSeconds(60), this::listening, l -> l);
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the test broker exited");
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the broker (SIGTERM, a clean shutdown) and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Kills the broker as {@code kill -9} does (SIGKILL: no shutdown, no flush) and waits until it is gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            // the started command is the java binary itself (no wrapper shell), so SIGKILL hits the broker
            String cmd = process.info().command().orElse("");
            if (!cmd.endsWith("/java")) {
                throw new IllegalStateException("the test broker (pid " + process.pid() + ") is not a JVM: " + cmd);
            }
            process.destroyForcibly().waitFor();
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
