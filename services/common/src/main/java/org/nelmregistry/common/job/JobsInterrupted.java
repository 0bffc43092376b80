package org.nelmregistry.common.job;

import java.util.List;
import java.util.UUID;

/**
 * Fired (synchronously, after the commit) when {@link JobRunner} failed jobs of a table whose
 * instance stopped, so that a service can clean up what such a job leaves behind (e.g. an
 * export's partial file).
 */
public record JobsInterrupted(String table, List<UUID> ids) {
}
