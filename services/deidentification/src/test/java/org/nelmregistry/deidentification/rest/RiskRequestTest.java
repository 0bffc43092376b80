package org.nelmregistry.deidentification.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.Test;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.common.rest.ProblemException;
import org.nelmregistry.risk.QuasiIdentifier;
import org.nelmregistry.risk.ReleaseRisk;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The request record of POST /api/v1/risk gives the precise errors the JSON tree gave: pointer and rule per wrong value. */
class RiskRequestTest {

    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    static RiskRequest.Query valid(String body) throws Exception {
        return RiskRequest.validate(JSON.readValue(body, RiskRequest.class));
    }

    static List<String> errors(String body) throws Exception {
        RiskRequest r = body == null ? null : JSON.readValue(body, RiskRequest.class);
        ProblemException e = assertThrows(ProblemException.class, () -> RiskRequest.validate(r));
        assertEquals(400, e.problem().status());
        return e.problem().errors().stream().map(ProblemError::pointer).map(p -> p + " " + rule(e, p)).toList();
    }

    static String rule(ProblemException e, String pointer) {
        return e.problem().errors().stream().filter(x -> x.pointer().equals(pointer)).findFirst().orElseThrow().rule();
    }

    @Test
    void aValidRequestKeepsItsOrderAndDefaultsK() throws Exception {
        RiskRequest.Query q = valid("{\"quasi_identifiers\":[\"sex\",\"age_band_10\"]}");
        assertEquals(List.of(QuasiIdentifier.SEX, QuasiIdentifier.AGE_BAND_10), q.quasiIdentifiers());
        assertEquals(ReleaseRisk.DEFAULT_K, q.k());
        assertEquals(3, valid("{\"quasi_identifiers\":[\"centre\"],\"k\":3,\"unknown\":1}").k());
    }

    @Test
    void everyWrongValueHasItsPointerAndRule() throws Exception {
        assertEquals(List.of("/quasi_identifiers required"), errors(null));
        assertEquals(List.of("/quasi_identifiers required"), errors("{}"));
        assertEquals(List.of("/quasi_identifiers required"), errors("{\"quasi_identifiers\":[]}"));
        assertEquals(List.of("/quasi_identifiers required"), errors("{\"quasi_identifiers\":\"sex\"}"));
        assertEquals(List.of("/quasi_identifiers/1 enum", "/quasi_identifiers/2 enum"),
                errors("{\"quasi_identifiers\":[\"sex\",\"shoe_size\",{}]}"));
        assertEquals(List.of("/k range"), errors("{\"quasi_identifiers\":[\"sex\"],\"k\":0}"));
        assertEquals(List.of("/k range"), errors("{\"quasi_identifiers\":[\"sex\"],\"k\":null}"));
        assertEquals(List.of("/k range"), errors("{\"quasi_identifiers\":[\"sex\"],\"k\":\"many\"}"));
        assertEquals(List.of("/quasi_identifiers required", "/k range"), errors("{\"k\":-1}"));
    }
}
