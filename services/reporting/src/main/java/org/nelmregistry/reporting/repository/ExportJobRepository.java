package org.nelmregistry.reporting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.reporting.ExportJob;

import java.util.UUID;

@ApplicationScoped
public class ExportJobRepository implements PanacheRepositoryBase<ExportJob, UUID> {
}
