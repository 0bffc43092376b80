package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.JobRow;
import org.nelmregistry.submission.Slice;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class JobRowRepository implements PanacheRepositoryBase<JobRow, JobRow.Key> {

    /** One page of a job's per-row results (in row order), optionally of one outcome, and how many there are. */
    public Slice<JobRow> page(UUID job, String outcome, int page, int size) {
        String q = "key.jobId = :job" + (outcome == null ? "" : " and outcome = :outcome");
        Parameters p = Parameters.with("job", job);
        if (outcome != null) {
            p.and("outcome", outcome);
        }
        var query = find(q, Sort.by("key.rowNo"), p).page(Page.of(page, size));
        return new Slice<>(query.list(), query.count());
    }
}
