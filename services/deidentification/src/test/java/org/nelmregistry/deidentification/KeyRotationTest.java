package org.nelmregistry.deidentification;

import org.nelmregistry.common.security.PermissionGrants;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.nelmregistry.contracts.event.CaseRevised;
import org.nelmregistry.contracts.event.EventJson;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.nelmregistry.deidentification.repository.KeySetRepository;
import org.nelmregistry.deidentification.service.KeyEncryption;
import org.nelmregistry.deidentification.service.KeySet;
import org.nelmregistry.deidentification.service.PatientPseudonymiser;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Rotation keeps case pseudonyms and changes key id and patient pseudonyms; the stored key set gives another instance the same ones. */
@QuarkusTest
class KeyRotationTest {

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    PatientPseudonymiser pseudonymiser;
    @Inject
    KeySetRepository repository;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @ConfigProperty(name = "registry.pseudonym.kek")
    String kek;

    JsonNode publish(UUID caseId, int revision, SampleCases.Identity who) throws Exception {
        InMemorySink<Record<String, String>> out = connector.sink("deidentified");
        out.clear();
        connector.source("caseevents").send(EventJson.write(new CaseRevised(UUID.randomUUID(), caseId, "C001", revision,
                Instant.now(), 1, SampleCases.valid(who, "registry_only"))));
        Record<String, String> r = Poll.until("record", () -> out.received().isEmpty() ? null : out.received().get(0).getPayload(),
                x -> x != null);
        return EventJson.MAPPER.readTree(r.value());
    }

    @Test
    @TestSecurity(user = "registry-admin", roles = "registry-admin", augmentors = PermissionGrants.class)
    void rotationThenReplayKeepsCasePseudonymsAndAnotherInstanceComputesTheSamePseudonyms() throws Exception {
        SampleCases.Identity who = SampleCases.identity("rot" + UUID.randomUUID().toString().substring(0, 6));
        UUID caseId = UUID.randomUUID();
        JsonNode before = publish(caseId, 1, who);
        String oldKey = before.path("key_id").asText();

        String newKey = given().post("/api/v1/keys").then().statusCode(201)
                .body("current", equalTo(true)).body(not(containsString("secret"))).extract().path("id");
        given().get("/api/v1/keys").then().statusCode(200).body("find { it.current }.id", equalTo(newKey))
                .body("findAll { it.id == '" + oldKey + "' }", hasSize(1)).body(not(containsString("secret")));

        // the replay re-emits the same case: same case pseudonym, new key id, new patient pseudonym
        JsonNode after = publish(caseId, 1, who);
        assertEquals(newKey, after.path("key_id").asText());
        assertEquals(before.path("case_pseudonym").asText(), after.path("case_pseudonym").asText());
        assertNotEquals(before.path("patient_pseudonym").asText(), after.path("patient_pseudonym").asText());

        // another instance (or one restored from a dump) opening the stored set with the same KEK
        KeySet restored = KeySet.open(repository, KeyEncryption.of(kek, "registry.pseudonym.kek"), Optional.empty(), "ignored",
                "ignored-because-a-set-is-stored", Duration.ofSeconds(1), transactions);
        assertEquals(newKey, restored.currentId());
        assertEquals(List.of(oldKey, newKey), restored.list().stream().map(KeySet.KeyInfo::id).toList());
        String identity = org.nelmregistry.deidentification.service.PatientPseudonymiserAccess.identity(who);
        String linkHash = restored.hmac(KeySet.Purpose.LINKAGE, identity);
        // the published pseudonym needs the second (pseudonym) secret on top of the linkage hash
        assertEquals(after.path("patient_pseudonym").asText(), "pp_" + restored.hmac(KeySet.Purpose.PSEUDONYM, linkHash));
        assertNotEquals(after.path("patient_pseudonym").asText(), "pp_" + linkHash, "the pseudonym is not the linkage hash");
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst", augmentors = PermissionGrants.class)
    void onlyTheAdministratorRotates() {
        given().post("/api/v1/keys").then().statusCode(403);
    }
}
