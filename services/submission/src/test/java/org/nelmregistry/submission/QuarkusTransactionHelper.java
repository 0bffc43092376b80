package org.nelmregistry.submission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.nelmregistry.submission.repository.CaseRepository;

import jakarta.enterprise.inject.spi.CDI;
import java.time.Instant;
import java.util.UUID;

/** Puts a case of any centre straight into the database (for access tests). */
final class QuarkusTransactionHelper {

    private QuarkusTransactionHelper() {
    }

    static CaseRecord storeCase(ObjectNode data, String centre) {
        return QuarkusTransaction.requiringNew().call(() -> {
            CaseRecord c = new CaseRecord();
            c.id = UUID.randomUUID();
            c.centreId = centre;
            c.localRef = data.path("patient").path("local_ref").asText();
            c.revision = 1;
            c.formVersion = 1;
            c.data = data;
            c.createdAt = c.updatedAt = Instant.now();
            c.createdBy = c.updatedBy = "test";
            CDI.current().select(CaseRepository.class).get().persist(c);
            return c;
        });
    }
}
