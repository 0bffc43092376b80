-- The analytic store: one row per case with the derived outcomes and the filter/`by` columns,
-- computed when the de-identified record arrives (service/OutcomeDerivation), never per request.
-- Outcomes are 1/0, NULL = not evaluable / not in the population.
CREATE TABLE analytic_cases (
    case_pseudonym         varchar(64) PRIMARY KEY REFERENCES case_records (case_pseudonym) ON DELETE CASCADE,
    patient_pseudonym      varchar(64) NOT NULL,
    centre_id              varchar(32) NOT NULL,
    index_year             integer     NOT NULL,
    age_at_index           integer,
    sex                    varchar(16),
    consent_scope          varchar(32),
    primary_site           varchar(32),
    who_grade              varchar(8),
    distribution_type      varchar(32),
    index_procedure_type   varchar(64),
    index_procedure_intent varchar(32),
    death_90d              smallint,
    major_morbidity        smallint,
    phlf_bc                smallint,
    r0_resection           smallint,
    os_days                integer,
    os_event               smallint,
    rfs_days               integer,
    rfs_event              smallint,
    derivation_version     varchar(64) NOT NULL
);
CREATE INDEX analytic_cases_centre ON analytic_cases (centre_id);
CREATE INDEX analytic_cases_year ON analytic_cases (index_year);

-- Every dated procedure of a case in chronological order (seq from 1), with the per-procedure outcomes.
CREATE TABLE analytic_procedures (
    case_pseudonym   varchar(64) NOT NULL REFERENCES analytic_cases (case_pseudonym) ON DELETE CASCADE,
    seq              integer     NOT NULL,
    procedure_type   varchar(64),
    intent           varchar(32),
    day              integer     NOT NULL,
    death_90d        smallint,
    major_morbidity  smallint,
    phlf_bc          smallint,
    r0_resection     smallint,
    PRIMARY KEY (case_pseudonym, seq)
);

-- Data freezes: immutable, dated copies of the analytic store (and of the released records, for
-- completeness and extracts). Only a withdrawal changes one: its case leaves and amended_at is set.
CREATE TABLE freezes (
    id                 uuid         PRIMARY KEY,
    name               varchar(64)  NOT NULL UNIQUE,
    created_at         timestamptz  NOT NULL,
    created_by         varchar(255) NOT NULL,
    derivation_version varchar(64)  NOT NULL,
    amended_at         timestamptz
);

CREATE TABLE freeze_cases (
    freeze_id              uuid        NOT NULL REFERENCES freezes (id) ON DELETE CASCADE,
    case_pseudonym         varchar(64) NOT NULL,
    patient_pseudonym      varchar(64) NOT NULL,
    centre_id              varchar(32) NOT NULL,
    index_year             integer     NOT NULL,
    age_at_index           integer,
    sex                    varchar(16),
    consent_scope          varchar(32),
    primary_site           varchar(32),
    who_grade              varchar(8),
    distribution_type      varchar(32),
    index_procedure_type   varchar(64),
    index_procedure_intent varchar(32),
    death_90d              smallint,
    major_morbidity        smallint,
    phlf_bc                smallint,
    r0_resection           smallint,
    os_days                integer,
    os_event               smallint,
    rfs_days               integer,
    rfs_event              smallint,
    derivation_version     varchar(64) NOT NULL,
    form_version           integer     NOT NULL,
    record                 jsonb       NOT NULL,
    PRIMARY KEY (freeze_id, case_pseudonym)
);
-- a withdrawal finds its case in every freeze
CREATE INDEX freeze_cases_case ON freeze_cases (case_pseudonym);

CREATE TABLE freeze_procedures (
    freeze_id        uuid        NOT NULL,
    case_pseudonym   varchar(64) NOT NULL,
    seq              integer     NOT NULL,
    procedure_type   varchar(64),
    intent           varchar(32),
    day              integer     NOT NULL,
    death_90d        smallint,
    major_morbidity  smallint,
    phlf_bc          smallint,
    r0_resection     smallint,
    PRIMARY KEY (freeze_id, case_pseudonym, seq),
    FOREIGN KEY (freeze_id, case_pseudonym) REFERENCES freeze_cases (freeze_id, case_pseudonym) ON DELETE CASCADE
);

-- Rebuilds of the analytic store from the compacted de-identified topic (jobs with progress).
CREATE TABLE rebuild_jobs (
    id            uuid         PRIMARY KEY,
    requested_by  varchar(255) NOT NULL,
    status        varchar(16)  NOT NULL,
    done          bigint       NOT NULL DEFAULT 0,
    total         bigint       NOT NULL DEFAULT 0,
    created_at    timestamptz  NOT NULL,
    finished_at   timestamptz,
    error         varchar(500)
);

-- Every report request: who (the user, never a patient), which report, its parameters, when.
CREATE TABLE report_audit (
    id            bigserial    PRIMARY KEY,
    user_id       varchar(255) NOT NULL,
    report        varchar(32)  NOT NULL,
    parameters    jsonb        NOT NULL,
    requested_at  timestamptz  NOT NULL
);
CREATE INDEX report_audit_at ON report_audit (requested_at DESC, id DESC);
