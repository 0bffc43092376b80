-- Linkage index: keyed hashes of normalised identities (never the identities) -> patient
-- pseudonym, per key. A record with only names links to an earlier record that has a national
-- id and the same names, birth date and sex.
CREATE TABLE linkage_keys (
    key_id            varchar(64) NOT NULL,
    link_hash         varchar(64) NOT NULL,
    kind              varchar(8)  NOT NULL,
    patient_pseudonym varchar(64) NOT NULL,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (key_id, link_hash)
);
CREATE INDEX linkage_keys_patient ON linkage_keys (key_id, patient_pseudonym);

-- The latest released record per case, so that a merge of two patients can re-publish them.
ALTER TABLE released_records ADD COLUMN patient_pseudonym varchar(64);
ALTER TABLE released_records ADD COLUMN record jsonb;
