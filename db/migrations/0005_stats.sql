CREATE TABLE "clue_flows" (
	"org_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"business_line" text NOT NULL,
	"month" date NOT NULL,
	"found" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"triaged" integer DEFAULT 0 NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"dismissed" integer DEFAULT 0 NOT NULL,
	"transferred" integer DEFAULT 0 NOT NULL,
	"reopened" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "clue_flows_org_id_month_model_id_business_line_pk" PRIMARY KEY("org_id","month","model_id","business_line")
);
--> statement-breakpoint
CREATE INDEX "clues_open_idx" ON "clues" USING btree ("org_id","first_seen_at") WHERE "clues"."status" in ('new', 'assigned', 'verifying');--> statement-breakpoint
CREATE INDEX "clues_closed_at_idx" ON "clues" USING btree ("closed_at");--> statement-breakpoint
-- clue_flows: found / received per month from inserted clues; triage steps from inserted events.
CREATE FUNCTION clue_flows_after_clue_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_flows (org_id, month, model_id, business_line, found, received)
  SELECT org_id, clue_found_month(first_seen_at), model_id, business_line,
         count(*) FILTER (WHERE source_clue_id IS NULL), count(*) FILTER (WHERE source_clue_id IS NOT NULL)
  FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (org_id, month, model_id, business_line) DO UPDATE
    SET found = clue_flows.found + excluded.found, received = clue_flows.received + excluded.received;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER clues_flow_insert AFTER INSERT ON clues REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION clue_flows_after_clue_insert();--> statement-breakpoint
CREATE FUNCTION clue_flows_after_event_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_flows (org_id, month, model_id, business_line, triaged, confirmed, dismissed, transferred, reopened)
  SELECT e.org_id, clue_found_month(e.at), c.model_id, c.business_line,
         count(*) FILTER (WHERE e.from_status = 'new' AND e.to_status = 'assigned'),
         count(*) FILTER (WHERE e.to_status = 'confirmed' AND e.from_status IS DISTINCT FROM 'confirmed'),
         count(*) FILTER (WHERE e.to_status = 'dismissed' AND e.from_status IS DISTINCT FROM 'dismissed'),
         count(*) FILTER (WHERE e.to_status = 'transferred' AND e.from_status IS DISTINCT FROM 'transferred'),
         count(*) FILTER (WHERE e.action = 'reopen')
  FROM new_rows e JOIN clues c ON c.id = e.clue_id
  WHERE e.to_status IS DISTINCT FROM e.from_status AND e.from_status IS NOT NULL
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (org_id, month, model_id, business_line) DO UPDATE
    SET triaged = clue_flows.triaged + excluded.triaged, confirmed = clue_flows.confirmed + excluded.confirmed,
        dismissed = clue_flows.dismissed + excluded.dismissed, transferred = clue_flows.transferred + excluded.transferred,
        reopened = clue_flows.reopened + excluded.reopened;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER clue_events_flow_insert AFTER INSERT ON clue_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION clue_flows_after_event_insert();
