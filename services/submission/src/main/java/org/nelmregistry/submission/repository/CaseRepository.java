package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.CaseRecord;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CaseRepository implements PanacheRepositoryBase<CaseRecord, UUID> {

    public Optional<CaseRecord> findByLocalRef(String centreId, String localRef) {
        return find("centreId = ?1 and localRef = ?2", centreId, localRef).firstResultOptional();
    }
}
