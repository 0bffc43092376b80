-- The relay offers a row only when no older unpublished row of the same case exists (two relays must
-- not reorder a case's revisions); this index answers that check per row.
CREATE INDEX outbox_unpublished_key ON outbox (event_key, id) WHERE published_at IS NULL;
