-- The quasi-identifiers of every record this service has released (latest per case), for the
-- release-risk report. No identifier: the same values are on the de-identified topic.
CREATE TABLE released_records (
    case_pseudonym varchar(64) PRIMARY KEY,
    centre_id      varchar(32) NOT NULL,
    age_at_index   integer,
    index_year     integer,
    quasi          jsonb       NOT NULL,
    released_at    timestamptz NOT NULL
);
