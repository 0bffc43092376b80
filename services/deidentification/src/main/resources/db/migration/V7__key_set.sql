-- The pseudonymisation key set, shared by every instance of the service (it was a JSON file per
-- instance). Each key's secrets are envelope-encrypted: AES-256-GCM under a key derived from the
-- key-encryption key (KEK, from configuration, never in this database), a random 96-bit nonce
-- and the key id as associated data. Nothing here is a secret in clear; a pg_dump carries the
-- key set, and restoring it needs the same KEK.
CREATE TABLE pseudonym_keys (
    key_id     text PRIMARY KEY,
    -- creation order; unique, so two instances rotating at once cannot both add key n
    seq        integer NOT NULL UNIQUE CHECK (seq > 0),
    created_at timestamptz NOT NULL,
    nonce      bytea NOT NULL CHECK (octet_length(nonce) = 12),
    -- ciphertext of the key's secrets with the 16-byte GCM tag appended
    sealed     bytea NOT NULL CHECK (octet_length(sealed) > 16)
);

-- One row: which key is current, and a version every instance polls to notice a rotation.
CREATE TABLE pseudonym_key_set (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    current_key_id text NOT NULL REFERENCES pseudonym_keys (key_id),
    version        bigint NOT NULL
);
