-- Identifiable cases of the centres (the only database with identities, with the case-events topic).
CREATE TABLE cases (
    id          uuid PRIMARY KEY,
    centre_id   varchar(32)  NOT NULL,
    local_ref   varchar(64)  NOT NULL,
    revision    integer      NOT NULL,
    status      varchar(16)  NOT NULL DEFAULT 'active',
    form_version integer     NOT NULL,
    data        jsonb        NOT NULL,
    created_at  timestamptz  NOT NULL,
    created_by  varchar(255) NOT NULL,
    updated_at  timestamptz  NOT NULL,
    updated_by  varchar(255) NOT NULL,
    CONSTRAINT cases_centre_local_ref UNIQUE (centre_id, local_ref)
);
CREATE INDEX cases_centre ON cases (centre_id);

-- Every revision of a case, for its history.
CREATE TABLE case_revisions (
    case_id     uuid         NOT NULL REFERENCES cases (id),
    revision    integer      NOT NULL,
    data        jsonb        NOT NULL,
    changed_at  timestamptz  NOT NULL,
    changed_by  varchar(255) NOT NULL,
    PRIMARY KEY (case_id, revision)
);

-- Transactional outbox: written with the case, relayed to Kafka, marked when the broker acked.
CREATE TABLE outbox (
    id           bigserial    PRIMARY KEY,
    event_id     uuid         NOT NULL UNIQUE,
    event_type   varchar(32)  NOT NULL,
    topic        varchar(128) NOT NULL,
    event_key    varchar(64)  NOT NULL,
    payload      jsonb        NOT NULL,
    created_at   timestamptz  NOT NULL,
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Who read or changed which case, when (never what the case holds).
CREATE TABLE audit_events (
    id          bigserial    PRIMARY KEY,
    at          timestamptz  NOT NULL,
    actor       varchar(255) NOT NULL,
    action      varchar(32)  NOT NULL,
    case_id     uuid,
    centre_id   varchar(32)
);
CREATE INDEX audit_events_case ON audit_events (case_id);
