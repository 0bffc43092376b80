package org.nelmregistry.deidentification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Cases to re-publish after a merge of two patients, kept until the broker has acknowledged them:
 * the merge is committed with the batch, so a crash before the acknowledgement would otherwise
 * lose the re-publication (the re-delivered event finds the patients already merged).
 */
@ApplicationScoped
public class RelinkOutboxRepository {

    /** A case left to re-publish: its latest released record (null when it was withdrawn since). */
    public record Leftover(UUID batchId, String casePseudonym, String record) {
    }

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(UUID batchId, Collection<String> casePseudonyms) {
        if (casePseudonyms.isEmpty()) {
            return;
        }
        Jdbc.run(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO relink_outbox (batch_id, case_pseudonym, created_at) "
                    + "SELECT ?, cp, now() FROM unnest(?::text[]) AS t(cp) ON CONFLICT DO NOTHING")) {
                ps.setObject(1, batchId);
                ps.setArray(2, Jdbc.texts(c, casePseudonyms.stream().distinct().sorted().toList()));
                return ps.executeUpdate();
            }
        });
    }

    /** The batch's re-publications were acknowledged. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void done(Collection<UUID> batchIds) {
        if (batchIds.isEmpty()) {
            return;
        }
        Jdbc.run(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM relink_outbox WHERE batch_id = ANY(?)")) {
                ps.setArray(1, Jdbc.uuids(c, batchIds));
                return ps.executeUpdate();
            }
        });
    }

    /** Every row left, with the case's current released record, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Leftover> leftovers() {
        return Jdbc.run(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT o.batch_id, o.case_pseudonym, r.record FROM relink_outbox o "
                    + "LEFT JOIN released_records r ON r.case_pseudonym = o.case_pseudonym ORDER BY o.created_at, o.case_pseudonym")) {
                List<Leftover> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Leftover(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }
}
