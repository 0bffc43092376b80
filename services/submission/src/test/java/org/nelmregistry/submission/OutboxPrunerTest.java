package org.nelmregistry.submission;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.submission.event.OutboxPruner;
import org.nelmregistry.submission.repository.OutboxRepository;
import org.nelmregistry.testsupport.Poll;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Published outbox rows (they hold the identifiable case) are deleted by the scheduled job once
 * older than the retention; the test profile sets a 1-hour retention and runs the job every second.
 */
@QuarkusTest
class OutboxPrunerTest {

    @Inject
    OutboxRepository outbox;
    @Inject
    OutboxPruner pruner;

    Long row(Instant publishedAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OutboxEvent e = new OutboxEvent();
            e.eventId = UUID.randomUUID();
            e.eventType = "CaseSubmitted";
            e.topic = "registry.case-events.v1";
            e.eventKey = UUID.randomUUID().toString();
            e.payload = "{\"case\": {\"patient\": {\"family_name\": \"Pruneme\"}}}";
            e.createdAt = publishedAt.minusSeconds(1);
            e.publishedAt = publishedAt;
            outbox.persist(e);
            return e.id;
        });
    }

    OutboxEvent find(Long id) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.findById(id));
    }

    @Test
    void rowsPublishedLongerAgoThanTheRetentionArePrunedAndCounted() {
        double before = pruner.prunedSoFar();
        Long old = row(Instant.now().minus(Duration.ofHours(2)));
        Long recent = row(Instant.now().minus(Duration.ofMinutes(10)));
        Poll.until("the old published row pruned", () -> find(old) == null, gone -> gone);
        assertNotNull(find(recent), "a row within the retention stays");
        assertTrue(pruner.prunedSoFar() >= before + 1);
        given().get("/q/metrics").then().statusCode(200).body(containsString("registry_outbox_pruned_total"));
    }
}
