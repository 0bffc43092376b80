package org.nelmregistry.submission.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.submission.CaseFilter;
import org.nelmregistry.submission.CaseRecord;
import org.nelmregistry.submission.OutboxEvent;
import org.nelmregistry.submission.Slice;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class CaseRepository implements PanacheRepositoryBase<CaseRecord, UUID> {

    /** One page of the cases the filter selects, newest first (id breaks ties, so pages are stable). */
    public Slice<CaseRecord> search(CaseFilter f, int page, int size) {
        StringBuilder q = new StringBuilder("status = :status");
        Parameters p = Parameters.with("status", f.status());
        if (f.centreId() != null) {
            q.append(" and centreId = :centre");
            p.and("centre", f.centreId());
        }
        if (f.procedureType() != null) {
            q.append(" and array_contains(procedureTypes, :ptype)");
            p.and("ptype", f.procedureType());
        }
        if (f.procedureFrom() != null) {
            q.append(" and firstProcedureDate >= :from");
            p.and("from", f.procedureFrom());
        }
        if (f.procedureTo() != null) {
            q.append(" and firstProcedureDate <= :to");
            p.and("to", f.procedureTo());
        }
        if (f.completenessBelow() != null) {
            q.append(" and completeness < :cb");
            p.and("cb", f.completenessBelow());
        }
        var query = find(q.toString(), Sort.descending("createdAt").and("id"), p).page(Page.of(page, size));
        return new Slice<>(query.list(), query.count());
    }

    /**
     * Per centre of the active cases (one centre, or all when {@code centreOrNull} is null): the
     * number of entries of the section and, for each of {@code fields} in order, how many entries
     * have it. Rows {@code [centre_id, entries, filled...]}, ordered by centre; computed in PostgreSQL
     * from the stored JSON.
     */
    @SuppressWarnings("unchecked")
    public List<Object[]> fieldCounts(Section s, List<Field> fields, String centreOrNull) {
        // field and section codes come from the dictionary ([a-z0-9_]), never from the request
        String counts = fields.stream().map(f -> "count(*) FILTER (WHERE jsonb_exists(e, '" + f.code() + "'))")
                .collect(Collectors.joining(", "));
        String from = s.many()
                ? "cases c CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c.data->'" + s.code()
                        + "') = 'array' THEN c.data->'" + s.code() + "' ELSE '[]'::jsonb END) e"
                : "cases c CROSS JOIN LATERAL (SELECT c.data->'" + s.code() + "' AS e) x";
        String sql = "SELECT c.centre_id, count(*), " + counts + " FROM " + from
                + " WHERE c.status = 'active'" + (centreOrNull == null ? "" : " AND c.centre_id = :centre")
                + " GROUP BY c.centre_id ORDER BY c.centre_id";
        var q = getEntityManager().createNativeQuery(sql);
        if (centreOrNull != null) {
            q.setParameter("centre", centreOrNull);
        }
        return (List<Object[]>) q.getResultList();
    }

    /** The centre's active case with this local_ref (a withdrawn case has none). */
    public Optional<CaseRecord> findByLocalRef(String centreId, String localRef) {
        return find("centreId = ?1 and localRef = ?2 and status = ?3", centreId, localRef, CaseRecord.ACTIVE)
                .firstResultOptional();
    }

    /**
     * The centre's active case with this local_ref, its row locked; read after the lock is
     * granted, so a withdrawal committed meanwhile is seen (it no longer matches).
     */
    public Optional<CaseRecord> findByLocalRefForUpdate(String centreId, String localRef) {
        return find("centreId = ?1 and localRef = ?2 and status = ?3", centreId, localRef, CaseRecord.ACTIVE)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The case, its row locked until the transaction ends (a change and a withdrawal never interleave). */
    public Optional<CaseRecord> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Serialises, until the transaction ends, every writer of one centre's local_ref: of two
     * concurrent first submissions of a case the second waits and then finds the first, instead
     * of failing on the unique key. Callers take it before any row lock (one lock order).
     */
    public void lockLocalRef(String centreId, String localRef) {
        getEntityManager().createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtextextended(:k, 0)) AS text)")
                .setParameter("k", "cases.local_ref\n" + centreId + "\n" + localRef)
                .getSingleResult();
    }

    /**
     * Writes a new case in one statement: its row, its first revision, its outbox event and the
     * audit entry — one round trip instead of four entity inserts and a flush (the submission
     * profile's largest share was Hibernate's persist/flush machinery, issue #12). The case is
     * not attached to the session; a later read in the same transaction queries it like any row.
     * A key violation surfaces here, inside the request.
     */
    public void insertNew(CaseRecord c, OutboxEvent event, String auditAction) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement st = connection.prepareStatement(INSERT_NEW)) {
                Timestamp at = Timestamp.from(c.updatedAt);
                int i = 0;
                st.setObject(++i, c.id);
                st.setString(++i, c.centreId);
                st.setString(++i, c.localRef);
                st.setInt(++i, c.revision);
                st.setString(++i, c.status);
                st.setInt(++i, c.formVersion);
                // the one serialisation of a new case's content (its event's payload aside)
                st.setString(++i, c.data.toString());
                st.setString(++i, c.qualityFlags.toString());
                st.setBigDecimal(++i, c.completeness);
                st.setArray(++i, connection.createArrayOf("varchar", c.procedureTypes));
                if (c.firstProcedureDate == null) {
                    st.setNull(++i, Types.DATE);
                } else {
                    st.setObject(++i, c.firstProcedureDate);
                }
                st.setTimestamp(++i, Timestamp.from(c.createdAt));
                st.setString(++i, c.createdBy);
                st.setTimestamp(++i, at);
                st.setString(++i, c.updatedBy);
                st.setObject(++i, event.eventId);
                st.setString(++i, event.eventType);
                st.setString(++i, event.topic);
                st.setString(++i, event.eventKey);
                st.setString(++i, event.payload);
                st.setTimestamp(++i, Timestamp.from(event.createdAt));
                st.setString(++i, auditAction);
                st.executeUpdate();
            }
        });
    }

    private static final String INSERT_NEW = """
            WITH c AS (
                INSERT INTO cases (id, centre_id, local_ref, revision, status, form_version, data, quality_flags,
                                   completeness, procedure_types, first_procedure_date, created_at, created_by,
                                   updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?)
                RETURNING id, revision, centre_id, data, updated_at, updated_by),
            r AS (
                INSERT INTO case_revisions (case_id, revision, data, changed_at, changed_by)
                SELECT id, revision, data, updated_at, updated_by FROM c),
            o AS (
                INSERT INTO outbox (event_id, event_type, topic, event_key, payload, created_at)
                VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?))
            INSERT INTO audit_events (at, actor, action, case_id, centre_id)
            SELECT updated_at, updated_by, ?, id, centre_id FROM c
            """;
}
