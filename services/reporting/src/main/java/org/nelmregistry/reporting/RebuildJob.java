package org.nelmregistry.reporting;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.nelmregistry.common.job.LeasedJob;

/** A rebuild of the analytic store from the compacted de-identified topic; done/total count topic records. */
@Entity
@Table(name = "rebuild_jobs")
public class RebuildJob extends LeasedJob {

    public String requestedBy;
    public String error;
}
