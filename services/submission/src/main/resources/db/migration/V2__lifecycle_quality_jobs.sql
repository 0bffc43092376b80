-- Data-quality flags (rule warnings such as R9) and completeness of the optional fields.
ALTER TABLE cases ADD COLUMN quality_flags jsonb   NOT NULL DEFAULT '[]';
ALTER TABLE cases ADD COLUMN completeness  numeric(5, 4) NOT NULL DEFAULT 0;
-- Procedure types and dates of a case, for list filters without reading its JSON.
ALTER TABLE cases ADD COLUMN procedure_types varchar(64)[] NOT NULL DEFAULT '{}';
ALTER TABLE cases ADD COLUMN first_procedure_date date;
CREATE INDEX cases_procedure_types ON cases USING gin (procedure_types);

ALTER TABLE audit_events ADD COLUMN detail varchar(200);
CREATE INDEX audit_events_at ON audit_events (at);

-- Long jobs (imports, replays) with progress.
CREATE TABLE jobs (
    id          uuid         PRIMARY KEY,
    kind        varchar(16)  NOT NULL,
    status      varchar(16)  NOT NULL,
    done        integer      NOT NULL DEFAULT 0,
    total       integer      NOT NULL DEFAULT 0,
    centre_id   varchar(32),
    created_by  varchar(255) NOT NULL,
    created_at  timestamptz  NOT NULL,
    finished_at timestamptz,
    summary     jsonb        NOT NULL DEFAULT '{}'
);

-- Per-row results of an import (row number, outcome, case id, problem details: never values).
CREATE TABLE job_rows (
    job_id   uuid        NOT NULL REFERENCES jobs (id),
    row_no   integer     NOT NULL,
    outcome  varchar(16) NOT NULL,
    case_id  uuid,
    errors   jsonb,
    PRIMARY KEY (job_id, row_no)
);

-- Data-quality queries raised by data managers on a case field, answered by the centre.
CREATE TABLE data_queries (
    id          uuid         PRIMARY KEY,
    case_id     uuid         NOT NULL REFERENCES cases (id),
    centre_id   varchar(32)  NOT NULL,
    pointer     varchar(200) NOT NULL,
    question    varchar(2000) NOT NULL,
    status      varchar(16)  NOT NULL,
    raised_by   varchar(255) NOT NULL,
    raised_at   timestamptz  NOT NULL,
    answer      varchar(2000),
    answered_by varchar(255),
    answered_at timestamptz,
    closed_by   varchar(255),
    closed_at   timestamptz
);
CREATE INDEX data_queries_centre ON data_queries (centre_id, status);
