package org.nelmregistry.common.job;

import java.util.List;
import java.util.UUID;

/**
 * Fired (synchronously, after the commit) when {@link JobRunner} failed jobs of a table whose
 * instance stopped, so that a service can clean up what such a job leaves outside the database
 * (e.g. an export's partial file); what it leaves in the database goes in the failing
 * transaction ({@link LeasedJobs#interrupted}).
 */
public record JobsInterrupted(String table, List<UUID> ids) {
}
