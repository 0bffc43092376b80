package org.nelmregistry.deidentification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** The pseudonymisation keys: ids travel with every record, secrets never do. */
@ConfigMapping(prefix = "registry.pseudonym")
public interface PseudonymKeyConfig {

    @WithName("key-id")
    String keyId();

    /** The initial HMAC secret, used when the key set file is created. Never log it; {@code dev-only-} values are refused under prod. */
    String key();

    /** The key set file (see KeySet): the keys after rotations, and the thing to back up. */
    String keystore();
}
