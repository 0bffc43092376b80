package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.nelmregistry.submission.OutboxEvent;

import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEvent> {

    /**
     * The oldest unpublished events, locked so that a second relay skips them. A row waits while an
     * older unpublished row of the same case exists (locked by another relay, or not yet sent):
     * otherwise two relays could put a case's revisions on its partition out of order.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> lockUnpublished(int limit) {
        return getEntityManager()
                .createNativeQuery("SELECT * FROM outbox WHERE published_at IS NULL AND NOT EXISTS (SELECT 1 FROM outbox o "
                        + "WHERE o.event_key = outbox.event_key AND o.published_at IS NULL AND o.id < outbox.id) "
                        + "ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED", OutboxEvent.class)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** Marks the relay's acknowledged rows published, in one statement (the relay's transaction). */
    public void markPublished(List<Long> ids, java.time.Instant at) {
        if (!ids.isEmpty()) {
            update("publishedAt = ?1 where id in ?2", at, ids);
        }
    }

    /** Deletes published rows older than {@code before} (their own transaction); unpublished ones stay. */
    @jakarta.transaction.Transactional
    public long deletePublishedBefore(java.time.Instant before) {
        return delete("publishedAt is not null and publishedAt < ?1", before);
    }

    /**
     * Withdrawal: the case's events held its content; their payloads are erased, and one not yet
     * sent is marked published so that it never leaves (the CaseWithdrawn written after it does).
     */
    public int eraseCase(java.util.UUID caseId) {
        return getEntityManager().createNativeQuery("UPDATE outbox SET payload = '{\"erased\": true}'::jsonb, "
                + "published_at = COALESCE(published_at, now()) WHERE event_key = :key")
                .setParameter("key", caseId.toString()).executeUpdate();
    }
}
