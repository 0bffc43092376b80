package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.JobRow;

@ApplicationScoped
public class JobRowRepository implements PanacheRepositoryBase<JobRow, JobRow.Key> {
}
