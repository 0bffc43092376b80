-- Job leases, so that several reporting instances share the job tables: the instance that runs a
-- rebuild or an export (owner: its instance id) renews heartbeat_at (the database clock) while it
-- runs; a queued or running job whose heartbeat is older than the lease timeout was cut off by a
-- crash or a stop and is failed, with the reason, by whichever instance looks first
-- (service/JobLeases). A live job of another instance is never touched. Older rows keep NULL (no
-- lease): they were left by a stopped single instance and are failed at the next start, as before.
ALTER TABLE rebuild_jobs ADD COLUMN owner varchar(128), ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE rebuild_jobs ALTER COLUMN heartbeat_at SET DEFAULT now();
ALTER TABLE export_jobs ADD COLUMN owner varchar(128), ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE export_jobs ALTER COLUMN heartbeat_at SET DEFAULT now();
CREATE INDEX export_jobs_unfinished ON export_jobs (heartbeat_at) WHERE status IN ('queued', 'running');

-- One rebuild at a time across instances (a second request joins the running one: RebuildService).
-- A single instance already kept to one; should two be left unfinished, the newest stays.
UPDATE rebuild_jobs SET status = 'failed', error = 'interrupted: the service stopped while the rebuild ran', finished_at = now()
WHERE status IN ('queued', 'running')
  AND id <> (SELECT id FROM rebuild_jobs WHERE status IN ('queued', 'running') ORDER BY created_at DESC LIMIT 1);
CREATE UNIQUE INDEX rebuild_jobs_one_unfinished ON rebuild_jobs ((true)) WHERE status IN ('queued', 'running');
