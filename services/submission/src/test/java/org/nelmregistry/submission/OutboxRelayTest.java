package org.nelmregistry.submission;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.nelmregistry.submission.event.OutboxRelay;
import org.nelmregistry.submission.repository.OutboxRepository;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The relay is woken by the commit that wrote an outbox row (the test profile polls only once an
 * hour, so nothing else could send it), and relays running at once never publish a row twice.
 */
@QuarkusTest
class OutboxRelayTest {

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    OutboxRelay relay;
    @Inject
    OutboxRepository outbox;

    @Test
    @TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
    void theCommitWakesTheRelay() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String id = given().contentType("application/json")
                .body(SampleCases.valid(SampleCases.identity("w" + tag), "registry_only").toString())
                .post("/api/v1/cases").then().statusCode(201).extract().path("id");
        // well within the hour of the safety poll
        Poll.until("the event of " + id + " relayed", Duration.ofSeconds(30),
                () -> connector.sink("caseevents").received().stream().anyMatch(m -> ((String) m.getPayload()).contains(id)),
                sent -> sent);
        Poll.until("its row marked published", Duration.ofSeconds(30), () -> QuarkusTransaction.requiringNew()
                .call(() -> outbox.count("eventKey = ?1 and publishedAt is null", id)), n -> n == 0);
    }

    @Test
    void relaysRunningAtOnceNeverPublishARowTwice() throws Exception {
        String run = UUID.randomUUID().toString();
        // not through the outbox writer: no commit wakes the relay, the four below do all the work
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 600; i++) {
                OutboxEvent e = new OutboxEvent();
                e.eventId = UUID.randomUUID();
                e.eventType = "CaseSubmitted";
                e.topic = "registry.case-events.v1";
                e.eventKey = run + "-" + i;
                e.payload = "{\"run\": \"" + run + "\", \"n\": " + i + "}";
                e.createdAt = Instant.now();
                outbox.persist(e);
            }
        });
        ExecutorService relays = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            done.add(relays.submit(() -> {
                while (relay.relayBatch() > 0) {
                    // until this relay finds nothing unlocked
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        relays.shutdown();
        Poll.until("every row published", Duration.ofSeconds(60), () -> QuarkusTransaction.requiringNew()
                .call(() -> outbox.count("publishedAt is null and eventKey like ?1", run + "-%")), n -> n == 0);
        Map<String, Long> sent = connector.sink("caseevents").received().stream().map(m -> (String) m.getPayload())
                .filter(p -> p.contains(run)).collect(Collectors.groupingBy(p -> p.substring(p.indexOf("\"n\"")),
                        Collectors.counting()));
        assertEquals(600, sent.size(), "every row sent");
        Set<String> twice = sent.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(HashSet::new));
        assertEquals(Set.of(), twice, "no row sent twice");
    }

    @Test
    void aRelayNeverOvertakesAnotherRelaysOlderEventOfTheSameCase() throws Exception {
        String key = "order-" + UUID.randomUUID();
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> {
            List<Long> written = new ArrayList<>();
            for (int revision = 1; revision <= 2; revision++) {
                OutboxEvent e = new OutboxEvent();
                e.eventId = UUID.randomUUID();
                e.eventType = revision == 1 ? "CaseSubmitted" : "CaseRevised";
                e.topic = "registry.case-events.v1";
                e.eventKey = key;
                e.payload = "{\"revision\": " + revision + "}";
                e.createdAt = Instant.now();
                outbox.persist(e);
                outbox.flush();
                written.add(e.id);
            }
            return written;
        });
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // "relay A" holds revision 1 (as while its send is in flight)
            Future<?> a = other.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                outbox.getEntityManager().createNativeQuery("SELECT id FROM outbox WHERE id = :id FOR UPDATE")
                        .setParameter("id", ids.get(0)).getResultList();
                locked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            locked.await();
            // "relay B" must not take revision 2 meanwhile
            List<Long> taken = QuarkusTransaction.requiringNew().call(() -> outbox.lockUnpublished(10_000).stream()
                    .filter(e -> key.equals(e.eventKey)).map(e -> e.id).toList());
            assertEquals(List.of(), taken, "revision 2 waits while revision 1 is held by another relay");
            release.countDown();
            a.get();
            // with nothing held, the oldest goes first and the newer one only after it
            List<Long> next = QuarkusTransaction.requiringNew().call(() -> outbox.lockUnpublished(10_000).stream()
                    .filter(e -> key.equals(e.eventKey)).map(e -> e.id).toList());
            assertEquals(List.of(ids.get(0)), next, "only the oldest unpublished event of the case is offered");
        } finally {
            release.countDown();
            other.shutdown();
            QuarkusTransaction.requiringNew().run(() -> outbox.delete("eventKey", key));
        }
    }
}
