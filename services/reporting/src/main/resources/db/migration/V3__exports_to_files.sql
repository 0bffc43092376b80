-- Exports become files on disk (streamed, never held in memory or in the database), with what an
-- audit needs: tables, filters, freeze, purpose, k, row counts and SHA-256 of each file, expiry.
-- Extracts of the first version lived in `content`; they expire now (their bytes are dropped).
ALTER TABLE export_jobs
    DROP COLUMN content,
    DROP COLUMN content_type,
    ALTER COLUMN done TYPE bigint,
    ALTER COLUMN total TYPE bigint,
    ADD COLUMN tables       jsonb,
    ADD COLUMN filters      jsonb,
    ADD COLUMN freeze_name  varchar(64),
    ADD COLUMN purpose      varchar(500),
    ADD COLUMN k            integer,
    ADD COLUMN expires_at   timestamptz,
    ADD COLUMN expired_at   timestamptz,
    ADD COLUMN file_name    varchar(255),
    ADD COLUMN file_sha256  varchar(64),
    ADD COLUMN file_bytes   bigint,
    ADD COLUMN files        jsonb,
    ADD COLUMN codebook     jsonb,
    ADD COLUMN risk         jsonb;
UPDATE export_jobs SET expires_at = coalesce(finished_at, created_at), expired_at = now(), purpose = 'unrecorded (first version)';
CREATE INDEX export_jobs_owner ON export_jobs (requested_by, created_at DESC);

-- Which cases an export holds, fixed when it starts: the export reads exactly these, and a
-- withdrawal finds (and expires) every file that contains its case. Dropped when the file expires.
CREATE TABLE export_cases (
    export_id      uuid        NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
    case_pseudonym varchar(64) NOT NULL,
    suppressed     boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (export_id, case_pseudonym)
);
CREATE INDEX export_cases_case ON export_cases (case_pseudonym);

-- Every download of an export's file or codebook: who, what, when.
CREATE TABLE export_downloads (
    id            bigserial    PRIMARY KEY,
    export_id     uuid         NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
    user_id       varchar(255) NOT NULL,
    what          varchar(16)  NOT NULL,
    downloaded_at timestamptz  NOT NULL
);
CREATE INDEX export_downloads_export ON export_downloads (export_id, downloaded_at);

-- A freeze keeps the policy version and key id of each record, for an export's codebook.
ALTER TABLE freeze_cases ADD COLUMN policy_version integer, ADD COLUMN key_id varchar(64);
