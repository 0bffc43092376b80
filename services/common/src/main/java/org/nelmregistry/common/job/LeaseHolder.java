package org.nelmregistry.common.job;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this process holds leases on, and the owner name it writes into them: the host (the
 * pod's name under Kubernetes) and a random part per start. {@link JobRunner} renews the held
 * jobs' heartbeats in the service's job tables and fails expired ones
 * (docs/scale-out.md, "jobs run once across instances").
 */
public final class LeaseHolder {

    private final String instance = host() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();

    public String instance() {
        return instance;
    }

    /** A job just opened by this instance (owner = {@link #instance()}): its heartbeat starts now. */
    public void hold(UUID id) {
        running.add(id);
    }

    /** Runs a job's body holding its lease; the lease lapses when the body ends, however it ends. */
    public void run(UUID id, Runnable body) {
        running.add(id);
        try {
            body.run();
        } finally {
            running.remove(id);
        }
    }

    /** A job handed over but never run (e.g. its executor refused it). */
    public void release(UUID id) {
        running.remove(id);
    }

    /** The jobs whose heartbeat is due (empty when none runs here). */
    public List<UUID> held() {
        return List.copyOf(running);
    }

    static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                h = "unknown";
            }
        }
        return h.length() > 80 ? h.substring(0, 80) : h;
    }
}
