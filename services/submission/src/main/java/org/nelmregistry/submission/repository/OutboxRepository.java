package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.OutboxEvent;

import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEvent> {

    /** The oldest unpublished events, locked so that a second relay skips them. */
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> lockUnpublished(int limit) {
        return getEntityManager()
                .createNativeQuery("SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit "
                        + "FOR UPDATE SKIP LOCKED", OutboxEvent.class)
                .setParameter("limit", limit)
                .getResultList();
    }

    public long countUnpublished() {
        return count("publishedAt is null");
    }
}
