package org.nelmregistry.deidentification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/**
 * The pseudonymisation keys: ids travel with every record, secrets never do. The secret settings
 * ({@link #key()}, {@link #kek()}) are read by {@code KeySet.open} alone, which seals the first
 * key and keeps every secret inside (callers get {@code KeySet.hmac(...)}, ids and dates).
 */
@ConfigMapping(prefix = "registry.pseudonym")
public interface PseudonymKeyConfig {

    /** The id of the first key, used when the database holds no key set yet. */
    @WithName("key-id")
    String keyId();

    /** The linkage secret of the first key, used when the database holds no key set yet. Never log it; {@code dev-only-} values are refused under prod. */
    String key();

    /**
     * A key set file of an earlier version (one JSON file per instance): imported once into an
     * empty database, then no longer read.
     */
    Optional<String> keystore();

    /**
     * The key-encryption key (KEK) sealing the key set in the database: the base64 of 32 random
     * bytes. Never log it; {@code dev-only-} values are refused under prod.
     */
    Optional<String> kek();

    /** A file holding the KEK instead (mode 600 or 400 under prod); exclusive with {@link #kek()}. */
    @WithName("kek-file")
    Optional<String> kekFile();

    /** How often each instance checks whether another one rotated the key set. */
    @WithName("refresh-interval")
    @WithDefault("1s")
    Duration refreshInterval();
}
