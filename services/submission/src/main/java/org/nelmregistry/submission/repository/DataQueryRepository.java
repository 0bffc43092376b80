package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.DataQuery;

import java.util.UUID;

@ApplicationScoped
public class DataQueryRepository implements PanacheRepositoryBase<DataQuery, UUID> {
}
