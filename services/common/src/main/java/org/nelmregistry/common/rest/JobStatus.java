package org.nelmregistry.common.rest;

/** The statuses of a job in the REST contract: queued, running, completed, failed. */
public final class JobStatus {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    private JobStatus() {
    }
}
