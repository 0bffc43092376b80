-- The latest de-identified record per case (no identifiers ever arrive here).
CREATE TABLE case_records (
    case_pseudonym       varchar(64) PRIMARY KEY,
    patient_pseudonym    varchar(64) NOT NULL,
    centre_id            varchar(32) NOT NULL,
    revision             integer     NOT NULL,
    form_version         integer     NOT NULL,
    policy_version       integer     NOT NULL,
    key_id               varchar(64) NOT NULL,
    index_year           integer,
    index_procedure_type varchar(64),
    age_at_index         integer,
    consent_scope        varchar(32),
    record               jsonb       NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX case_records_summary ON case_records (centre_id, index_year, index_procedure_type);

-- Export jobs: also the export audit (who took which extract, when, how many rows).
CREATE TABLE export_jobs (
    id            uuid         PRIMARY KEY,
    requested_by  varchar(255) NOT NULL,
    format        varchar(16)  NOT NULL,
    status        varchar(16)  NOT NULL,
    done          integer      NOT NULL DEFAULT 0,
    total         integer      NOT NULL DEFAULT 0,
    created_at    timestamptz  NOT NULL,
    finished_at   timestamptz,
    content_type  varchar(64),
    content       bytea,
    error         varchar(500)
);
