-- A job's lease, so that several submission instances share one jobs table: the instance that runs
-- a job (owner: its instance id) renews heartbeat_at (the database clock) while it runs; a queued or
-- running job whose heartbeat is older than the lease timeout was cut off by a crash or a stop and
-- is failed, with the reason, by whichever instance looks first (service/JobLeases). A live job of
-- another instance is never touched. Rows from before this version have no lease: they were left
-- by a stopped single instance, and are failed at the next start as before.
ALTER TABLE jobs
    ADD COLUMN owner        varchar(128),
    ADD COLUMN heartbeat_at timestamptz;
-- set on insert by the database (after the ADD, so that older rows keep NULL: no lease)
ALTER TABLE jobs ALTER COLUMN heartbeat_at SET DEFAULT now();
CREATE INDEX jobs_unfinished ON jobs (heartbeat_at) WHERE status IN ('queued', 'running');
