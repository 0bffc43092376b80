package org.nelmregistry.reporting;

import java.time.Instant;

/** One download of an export's file or codebook (table {@code export_downloads}): who, what, when. */
public record ExportDownload(String user, String what, Instant at) {
}
