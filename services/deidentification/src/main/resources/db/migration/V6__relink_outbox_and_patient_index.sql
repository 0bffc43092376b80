-- Cases re-published because their patient was merged into another: written in the batch's
-- transaction, deleted once the broker acknowledged the batch. Rows left by a crash in between
-- are published again when the consumer starts (the merge itself is committed and would not
-- happen again on re-delivery).
CREATE TABLE relink_outbox (
    batch_id       uuid        NOT NULL,
    case_pseudonym varchar(64) NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (batch_id, case_pseudonym)
);

-- A merge reads the merged-away patient's released records: without this index every merge
-- scanned the whole table.
CREATE INDEX released_records_patient ON released_records (patient_pseudonym);
