package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.CaseRevision;

@ApplicationScoped
public class CaseRevisionRepository implements PanacheRepositoryBase<CaseRevision, CaseRevision.Key> {
}
