-- An export's scope is written by the export itself, for the job row it has just created, in one
-- INSERT … SELECT of up to a million rows; the foreign key checked (and row-locked) the job once per
-- row, which was 40% of that insert's time. Export jobs are never deleted (they are the export audit);
-- a job's scope rows are removed by the service when its file expires or it fails (forgetScope).
ALTER TABLE export_cases DROP CONSTRAINT export_cases_export_id_fkey;
