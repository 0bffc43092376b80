-- The random case pseudonym assigned on first sight of a case, kept for ever (the key of the
-- compacted de-identified topic). The submission case id never leaves this service.
CREATE TABLE case_pseudonyms (
    case_id        uuid        PRIMARY KEY,
    case_pseudonym varchar(64) NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL
);

-- Processed-event ledger: a re-delivered event changes nothing.
CREATE TABLE processed_events (
    event_id     uuid        PRIMARY KEY,
    case_id      uuid        NOT NULL,
    revision     integer     NOT NULL,
    outcome      varchar(16) NOT NULL,
    processed_at timestamptz NOT NULL
);
