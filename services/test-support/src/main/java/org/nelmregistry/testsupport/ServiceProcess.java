package org.nelmregistry.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One packaged service ({@code target/quarkus-app/quarkus-run.jar}) running as its own
 * process, as in production: started with explicit configuration, ready when its
 * readiness check says UP, stopped with SIGTERM. Its output goes to a log file that tests
 * can read (e.g. to prove no identifier was logged). A fault test may kill it as {@code kill -9}
 * does ({@link #kill9()}) and start it again with the same command ({@link #restart()}).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final List<String> command;
    private final Path dir;
    private volatile Process process;
    private volatile int starts = 1;

    private ServiceProcess(String name, int port, Path log, List<String> command, Path dir, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.command = command;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts {@code services/<name>} of the project at {@code root} on {@code port} with the given
     * configuration (system properties) and profile.
     */
    public static ServiceProcess start(Path root, String name, int port, String profile, Map<String, String> config,
            Path logDir) throws IOException {
        return startLoggingTo(root, name, port, profile, config, logDir.resolve(name + ".log"));
    }

    /** As {@link #start(Path, String, int, String, Map, Path)}, logging to the file {@code log} (e.g. one per instance). */
    public static ServiceProcess startLoggingTo(Path root, String name, int port, String profile, Map<String, String> config,
            Path log) throws IOException {
        Path jar = root.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./registry test does)");
        }
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.profile=" + profile, "-Dquarkus.http.port=" + port));
        new TreeMap<>(config).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new ServiceProcess(name, port, log, List.copyOf(cmd), root, p);
    }

    /**
     * Kills the service as {@code kill -9} does (SIGKILL to the JVM itself: no shutdown hook, no
     * transaction or consumer closed) and waits until it is gone.
     */
    public void kill9() {
        Process p = process;
        // the started command is the java binary itself, never a wrapper shell that would survive alone
        String cmd = p.info().command().orElse("");
        if (!cmd.endsWith("/java")) {
            throw new IllegalStateException(name + " (pid " + p.pid() + ") is not a JVM: " + cmd);
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + p.pid() + ") survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the service again with the same command (port, configuration, database), appending to its log. */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
        }
        Files.writeString(log, "\n--- restarted ---\n", java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        starts++;
    }

    /** How many times this service was started (1 + restarts). */
    public int starts() {
        return starts;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Blocks until {@code /q/health/ready} answers 200, or fails with the log's tail. */
    public void awaitReady(Duration limit) {
        Process process = this.process;
        try {
            Poll.until(name + " readiness", limit, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + tail());
                }
                return status(baseUrl() + "/q/health/ready");
            }, s -> s == 200);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- " + name + " log tail ---\n" + tail(), e);
        }
    }

    public static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Process process = this.process;
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
