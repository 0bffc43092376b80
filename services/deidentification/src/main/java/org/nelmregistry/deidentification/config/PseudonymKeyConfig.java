package org.nelmregistry.deidentification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** The current pseudonymisation key: an id (travels with every record) and its secret (never does). */
@ConfigMapping(prefix = "registry.pseudonym")
public interface PseudonymKeyConfig {

    @WithName("key-id")
    String keyId();

    /** The HMAC secret. Never log it; {@code dev-only-} values are refused under prod. */
    String key();
}
