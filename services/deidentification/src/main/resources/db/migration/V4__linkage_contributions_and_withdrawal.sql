-- Which cases contribute each keyed hash of the linkage index, so that a withdrawal removes
-- the case's contribution (and a hash no other case contributes) without breaking other links.
-- Hashes indexed before this table existed have no contributors recorded: a rotation and replay
-- (needed anyway for the separate pseudonym secret) indexes every active case again.
CREATE TABLE linkage_contributions (
    key_id         varchar(64) NOT NULL,
    link_hash      varchar(64) NOT NULL,
    case_pseudonym varchar(64) NOT NULL,
    PRIMARY KEY (key_id, link_hash, case_pseudonym)
);
CREATE INDEX linkage_contributions_case ON linkage_contributions (case_pseudonym);

-- A withdrawn case is never published again, whatever arrives later for it.
ALTER TABLE case_pseudonyms ADD COLUMN withdrawn_at timestamptz;
