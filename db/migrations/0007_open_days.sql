CREATE TABLE "clue_open_days" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "clue_open_days_org_id_day_pk" PRIMARY KEY("org_id","day")
);
--> statement-breakpoint
DROP INDEX "clues_org_seen_idx";--> statement-breakpoint
CREATE FUNCTION clue_found_day(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS
$$ SELECT (ts AT TIME ZONE 'Asia/Shanghai')::date $$;--> statement-breakpoint
-- The tally triggers now also keep clue_open_days (same transition tables, one pass each).
CREATE OR REPLACE FUNCTION clue_tallies_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_tallies (org_id, model_id, business_line, status, found_month, n)
  SELECT org_id, model_id, business_line, status, clue_found_month(first_seen_at), count(*)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (org_id, model_id, business_line, status, found_month) DO UPDATE SET n = clue_tallies.n + excluded.n;
  INSERT INTO clue_open_days (org_id, day, n)
  SELECT org_id, clue_found_day(first_seen_at), count(*) FROM new_rows
  WHERE status IN ('new', 'assigned', 'verifying') GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (org_id, day) DO UPDATE SET n = clue_open_days.n + excluded.n;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION clue_tallies_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_tallies (org_id, model_id, business_line, status, found_month, n)
  SELECT org_id, model_id, business_line, status, found_month, sum(d) FROM (
    SELECT org_id, model_id, business_line, status, clue_found_month(first_seen_at) AS found_month, -1 AS d FROM old_rows
    UNION ALL
    SELECT org_id, model_id, business_line, status, clue_found_month(first_seen_at), 1 FROM new_rows
  ) changes GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (org_id, model_id, business_line, status, found_month) DO UPDATE SET n = clue_tallies.n + excluded.n;
  INSERT INTO clue_open_days (org_id, day, n)
  SELECT org_id, day, sum(d) FROM (
    SELECT org_id, clue_found_day(first_seen_at) AS day, -1 AS d FROM old_rows WHERE status IN ('new', 'assigned', 'verifying')
    UNION ALL
    SELECT org_id, clue_found_day(first_seen_at), 1 FROM new_rows WHERE status IN ('new', 'assigned', 'verifying')
  ) changes GROUP BY 1, 2 HAVING sum(d) <> 0 ORDER BY 1, 2
  ON CONFLICT (org_id, day) DO UPDATE SET n = clue_open_days.n + excluded.n;
  RETURN NULL;
END $$;--> statement-breakpoint
INSERT INTO clue_open_days (org_id, day, n)
SELECT org_id, clue_found_day(first_seen_at), count(*) FROM clues WHERE status IN ('new', 'assigned', 'verifying') GROUP BY 1, 2;
