import type { CompiledRule } from "../rules/compile";
import { callerParam, ORG_PARAM, statementParams, type StatementScope, type StatementValue } from "../rules/params";

/** What a run writes besides the compiled rule's columns. */
export interface RunStatementInput extends StatementScope {
  modelId: string;
  modelVersionId: string;
  runId: string;
  ordinal: number;
  subjectKind: string;
  businessLine: string;
}

export interface RunStatement {
  text: string;
  /** The whole parameter array, scope and rule values included. */
  params: StatementValue[];
}

/**
 * Wraps a compiled rule in ONE statement that upserts its hits as clues and marks the clues it no
 * longer finds. A clue found unchanged is not rewritten (the WHERE of DO UPDATE): its last sighting
 * derives from the run ordinals. A clue that comes back after missing a run starts a new streak.
 * A key the hits repeat keeps one hit. Answers hits (one per clue), new_clues and missing_clues.
 */
export function runStatement(compiled: CompiledRule, input: RunStatementInput): RunStatement {
  const p = (i: number): string => callerParam(compiled.values.length, i);
  const [model, version, run, ordinal, kind, line] = [p(0), p(1), p(2), p(3), p(4), p(5)];
  const org = ORG_PARAM;
  // The clue's key is the md5 of the rule's dedup key (see db/schema/clues.ts).
  const text = `with hits as materialized (select md5(r.dedup_key)::uuid as clue_key, r.* from (${compiled.text}) r),
-- Keys that come more than once: the checker makes a rule's key tell its hits apart, but the data may
-- repeat a business key (imports report duplicates, they do not refuse them). Hashed uuids: cheap,
-- and nearly always empty.
repeated as materialized (select clue_key, count(*) as n from hits group by clue_key having count(*) > 1),
-- One hit per key (ON CONFLICT cannot change a clue twice in one statement): of a repeated key's
-- hits the least evidence, then title and subject, so every run keeps the same one.
kept as (
  select h.* from hits h where not exists (select 1 from repeated d where d.clue_key = h.clue_key)
  union all
  (select distinct on (h.clue_key) h.* from hits h join repeated d on d.clue_key = h.clue_key
   order by h.clue_key, h.evidence, h.title, h.subject_name, h.subject_id)
),
up as (
  insert into clues as c (org_id, model_id, model_version_id, dedup_key, title, subject_kind, subject_name, subject_id, evidence, business_line, first_run_id, streak_start, first_seen_at)
  select ${org}, ${model}::uuid, ${version}::uuid, h.clue_key, h.title, ${kind}::text, h.subject_name, h.subject_id, h.evidence, ${line}::text, ${run}::uuid, ${ordinal}::int,
         -- Distinct per clue: the list pages by (first_seen_at, id), and a run-wide now() shared by a
         -- million rows made the planner misjudge a deep page's cursor.
         clock_timestamp()
  from kept h
  on conflict (model_id, org_id, dedup_key) do update set
    title = excluded.title,
    subject_name = excluded.subject_name,
    subject_id = excluded.subject_id,
    evidence = excluded.evidence,
    evidence_changed_at = case when c.evidence is distinct from excluded.evidence then now() else c.evidence_changed_at end,
    prior_hits = case when c.missing_since is null then c.prior_hits else c.prior_hits + (c.missing_since - c.streak_start) end,
    streak_start = case when c.missing_since is null then c.streak_start else excluded.streak_start end,
    missing_since = null
  where c.missing_since is not null
     or c.evidence is distinct from excluded.evidence
     or c.title is distinct from excluded.title
     or c.subject_name is distinct from excluded.subject_name
     or c.subject_id is distinct from excluded.subject_id
  returning (xmax = 0) as inserted
),
gone as (
  update clues c set missing_since = ${ordinal}::int
  where c.model_id = ${model}::uuid and c.org_id = ${org} and c.missing_since is null
    and not exists (select 1 from hits h where h.clue_key = c.dedup_key)
  returning 1
)
-- Read in this order, gone runs before up: it then walks only the clues that were there before the
-- run, not also the index entries of the clues up inserts (invisible to it, but visited all the same).
select ((select count(*) from hits) - (select coalesce(sum(n - 1), 0) from repeated))::int as hits,
       (select count(*) from gone)::int as missing_clues,
       (select count(*) from up where inserted)::int as new_clues`;
  const own = [input.modelId, input.modelVersionId, input.runId, input.ordinal, input.subjectKind, input.businessLine];
  return { text, params: statementParams(input, compiled.values, own) };
}
