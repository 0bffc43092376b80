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
}
