-- The released record is kept only to be published again as it is (a merge of two patients): it
-- is never queried inside, so it is stored as the text that was published. Parsing it into jsonb
-- cost more than the rest of a batch's writes together.
ALTER TABLE released_records ALTER COLUMN record TYPE text USING record::text;
