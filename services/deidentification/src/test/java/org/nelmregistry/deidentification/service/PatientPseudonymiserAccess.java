package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.testsupport.SampleCases;

/** Test access to the package-private normalisation and HMAC. */
public final class PatientPseudonymiserAccess {

    private PatientPseudonymiserAccess() {
    }

    public static String identity(SampleCases.Identity who) {
        ObjectNode c = SampleCases.valid(who, "registry_only");
        return PatientPseudonymiser.identity(c.get("patient"));
    }

    public static String hmac(String secret, String message) {
        return PatientPseudonymiser.hmac(secret, message);
    }

    /** The national-id and names identities of a case body's patient (the national-id one may be absent). */
    public static java.util.Optional<String> nidIdentity(com.fasterxml.jackson.databind.JsonNode patient) {
        return PatientPseudonymiser.nidIdentity(patient);
    }

    public static String nameIdentity(com.fasterxml.jackson.databind.JsonNode patient) {
        return PatientPseudonymiser.nameIdentity(patient);
    }
}
