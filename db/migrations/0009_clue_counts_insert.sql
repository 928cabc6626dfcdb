-- One pass over a statement's new clues instead of three. A run's million clues were read from the
-- transition table once for the tallies, once for the open days and once for the monthly flows;
-- now they are read once into a handful of groups (org, model, line, status, day found, transferred
-- in or not), and the three tables are summed from those groups.
CREATE FUNCTION clue_counts_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH g AS MATERIALIZED (
    SELECT org_id, model_id, business_line, status, clue_found_day(first_seen_at) AS day,
           source_clue_id IS NOT NULL AS received, count(*) AS n
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6
  ), tallies AS (
    INSERT INTO clue_tallies (org_id, model_id, business_line, status, found_month, n)
    SELECT org_id, model_id, business_line, status, date_trunc('month', day::timestamp)::date, sum(n)
    FROM g GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (org_id, model_id, business_line, status, found_month) DO UPDATE SET n = clue_tallies.n + excluded.n
  ), open_days AS (
    INSERT INTO clue_open_days (org_id, day, n)
    SELECT org_id, day, sum(n) FROM g
    WHERE status IN ('new', 'assigned', 'verifying') GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (org_id, day) DO UPDATE SET n = clue_open_days.n + excluded.n
  )
  INSERT INTO clue_flows (org_id, month, model_id, business_line, found, received)
  SELECT org_id, date_trunc('month', day::timestamp)::date, model_id, business_line,
         coalesce(sum(n) FILTER (WHERE NOT received), 0), coalesce(sum(n) FILTER (WHERE received), 0)
  FROM g GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (org_id, month, model_id, business_line) DO UPDATE
    SET found = clue_flows.found + excluded.found, received = clue_flows.received + excluded.received;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER clues_tally_insert ON clues;--> statement-breakpoint
DROP TRIGGER clues_flow_insert ON clues;--> statement-breakpoint
DROP FUNCTION clue_tallies_after_insert();--> statement-breakpoint
DROP FUNCTION clue_flows_after_clue_insert();--> statement-breakpoint
CREATE TRIGGER clues_counts_insert AFTER INSERT ON clues REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION clue_counts_after_insert();
