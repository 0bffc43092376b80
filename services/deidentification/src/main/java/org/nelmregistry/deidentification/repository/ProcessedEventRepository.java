package org.nelmregistry.deidentification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.nelmregistry.deidentification.ProcessedEvent;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ProcessedEventRepository implements PanacheRepositoryBase<ProcessedEvent, UUID> {

    /** A ledger entry to write once the event's output is acknowledged by the broker. */
    public record Entry(UUID eventId, UUID caseId, int revision, String outcome) {
    }

    /** Which of these events the ledger already holds (one query for a whole batch). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> seen(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return Jdbc.run(getEntityManager(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM processed_events WHERE event_id = ANY(?)")) {
                ps.setArray(1, Jdbc.uuids(c, eventIds));
                Set<UUID> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, UUID.class));
                    }
                }
                return out;
            }
        });
    }

    /** Writes the entries in one statement; an entry already there is left as it is. */
    @Transactional
    public void record(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Jdbc.run(getEntityManager(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO processed_events (event_id, case_id, revision, outcome, processed_at) "
                    + "SELECT e, c, r, o, now() FROM unnest(?::uuid[], ?::uuid[], ?::int4[], ?::text[]) AS t(e, c, r, o) "
                    + "ON CONFLICT (event_id) DO NOTHING")) {
                ps.setArray(1, Jdbc.uuids(c, entries.stream().map(Entry::eventId).toList()));
                ps.setArray(2, Jdbc.uuids(c, entries.stream().map(Entry::caseId).toList()));
                ps.setArray(3, Jdbc.ints(c, entries.stream().map(Entry::revision).toList()));
                ps.setArray(4, Jdbc.texts(c, entries.stream().map(Entry::outcome).toList()));
                return ps.executeUpdate();
            }
        });
    }
}
