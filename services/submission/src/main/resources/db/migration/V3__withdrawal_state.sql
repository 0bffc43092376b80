-- Withdrawal is a state of its own. A withdrawn case (a tombstone) keeps no local_ref: before
-- this, it was left with local_ref 'withdrawn:<id>', a value a centre could send and so revise
-- and resurrect the tombstone. Now no centre value can address a withdrawn case again.
ALTER TABLE cases ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE cases ALTER COLUMN local_ref DROP NOT NULL;
UPDATE cases SET withdrawn_at = updated_at, local_ref = NULL WHERE status = 'withdrawn';
ALTER TABLE cases ADD CONSTRAINT cases_withdrawal_state CHECK (
    (status = 'active' AND withdrawn_at IS NULL AND local_ref IS NOT NULL)
    OR (status = 'withdrawn' AND withdrawn_at IS NOT NULL AND local_ref IS NULL));

-- A tombstone is final: whatever path a bug opens, the database refuses to change it.
CREATE FUNCTION cases_tombstone_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'withdrawn' THEN
        RAISE EXCEPTION 'a withdrawn case is final' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER cases_tombstone_is_final BEFORE UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_tombstone_is_final();

-- Queries on a withdrawn case cannot be raised any more (checked by the service); its
-- answers were erased at withdrawal.

-- Published rows are pruned after the case-events retention (OutboxPruner).
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
