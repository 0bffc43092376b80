-- A counter that moves with every write to what the reports read (released records, the analytic
-- store, freezes), so a computed report can be kept per version (service/ReportService) and stays
-- right across instances. Statement triggers bump it in the writing transaction itself: the new
-- version becomes visible exactly when the data does. A reader reads the version first, then the data.
-- (Writers hold the row from their first write to commit; a transaction that writes several cases
-- should touch this row first to keep one lock order.)
CREATE TABLE analytic_store_version (
    id      smallint PRIMARY KEY CHECK (id = 1),
    version bigint   NOT NULL
);
INSERT INTO analytic_store_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_analytic_store_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE analytic_store_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER case_records_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_records
    FOR EACH STATEMENT EXECUTE FUNCTION bump_analytic_store_version();
CREATE TRIGGER analytic_cases_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON analytic_cases
    FOR EACH STATEMENT EXECUTE FUNCTION bump_analytic_store_version();
CREATE TRIGGER analytic_procedures_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON analytic_procedures
    FOR EACH STATEMENT EXECUTE FUNCTION bump_analytic_store_version();
CREATE TRIGGER freezes_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON freezes
    FOR EACH STATEMENT EXECUTE FUNCTION bump_analytic_store_version();
CREATE TRIGGER freeze_cases_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON freeze_cases
    FOR EACH STATEMENT EXECUTE FUNCTION bump_analytic_store_version();
CREATE TRIGGER freeze_procedures_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON freeze_procedures
    FOR EACH STATEMENT EXECUTE FUNCTION bump_analytic_store_version();
