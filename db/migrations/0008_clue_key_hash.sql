-- A clue's dedup key becomes the md5 of the rule's key (the JSON array of the key values, as the
-- compiled rule answers it) stored as a uuid: the identity index shrinks to about a third, so a
-- run's conflict checks and inserts touch fewer pages. Runs hash the same text, so the clues
-- already found keep matching.
ALTER TABLE "clues" ALTER COLUMN "dedup_key" SET DATA TYPE uuid USING md5("dedup_key")::uuid;
