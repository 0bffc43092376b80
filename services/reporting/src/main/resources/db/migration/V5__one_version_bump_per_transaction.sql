-- The store's version moves once per writing transaction, not once per statement: a consumer's batch
-- writes thousands of statements in one transaction, and each bump of the one row left another row
-- version behind it for the next bump to step over. The first write of a transaction bumps and
-- remembers the transaction; later writes of the same transaction find it done.
ALTER TABLE analytic_store_version ADD COLUMN bumped_by xid8;

CREATE OR REPLACE FUNCTION bump_analytic_store_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE analytic_store_version SET version = version + 1, bumped_by = pg_current_xact_id()
     WHERE id = 1 AND bumped_by IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END $$;
