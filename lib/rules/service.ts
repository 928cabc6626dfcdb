import "server-only";
import { z } from "zod";
import { getDb, getSql } from "@/db/client";
import { datasets } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { chinaToday } from "../calendar/china-date";
import { liveGrantDatasetKeys } from "../datasets/applications";
import { maskHit, maskSubjectId } from "../clues/evidence";
import { maskText } from "../datasets/mask";
import { ValidationError } from "../errors";
import { ZIsoDate } from "../validation";
import { checkRule, type RuleContext, type RuleIssue } from "./check";
import { compileRule } from "./compile";
import { callerParam, statementParams, type StatementValue } from "./params";
import { previewTimeoutError, previewTimeoutMs, withPreviewSlot } from "./preview-guard";
import { postgresRegexProblems } from "./regex";
import { parseRule, type Rule } from "./schema";

/**
 * The catalog and the org's grants live today (China time), as the checker needs them. Always
 * today: a run date moves only the rule's date arithmetic, never the grants (a grant that starts
 * next June does not open the data now).
 */
export async function ruleContextFor(orgId: string): Promise<RuleContext> {
  const rows = await getDb().select({ definition: datasets.definition }).from(datasets);
  return {
    datasets: new Map(rows.map((r) => [r.definition.key, r.definition])),
    granted: new Set(await liveGrantDatasetKeys(orgId, chinaToday())),
  };
}

/** Parses and checks a definition: every problem with its path (empty when the rule may run). */
export async function checkDefinition(definition: unknown, ctx: RuleContext): Promise<{ rule: Rule | null; issues: RuleIssue[] }> {
  const parsed = parseRule(definition);
  if (!parsed.rule) return parsed;
  return { rule: parsed.rule, issues: await checkRule(parsed.rule, ctx, postgresRegexProblems) };
}

export async function checkRuleFor(actor: Actor, definition: unknown): Promise<RuleIssue[]> {
  requirePermission(actor, "models.read");
  return (await checkDefinition(definition, await ruleContextFor(actor.orgId))).issues;
}

export const ZPreviewInput = z.object({
  definition: z.unknown(),
  limit: z.number().int().min(1).max(500).default(50),
  runDate: ZIsoDate.optional(),
});

export interface PreviewClue {
  dedupKey: unknown[];
  title: string;
  subject: { name: string | null; idNumber: string | null };
  evidence: Record<string, unknown>;
}

interface PreviewRow {
  dedup_key: string;
  title: string;
  subject_name: string | null;
  subject_id: string | null;
  evidence: Record<string, unknown>;
  total: string;
}

/**
 * Runs a checked rule for the actor's org and answers the hits without storing anything, personal
 * data masked exactly as the clue list shows it. A rule that fails the checker is refused with its
 * issues and never reaches the database; the query runs under a statement timeout, in one of the
 * actor's few preview slots.
 */
export async function previewRule(actor: Actor, input: unknown): Promise<{ count: number; clues: PreviewClue[] }> {
  requirePermission(actor, "models.read");
  const parsed = ZPreviewInput.safeParse(input);
  if (!parsed.success) throw new ValidationError("请求参数有误", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  const runDate = parsed.data.runDate ?? chinaToday();
  const ctx = await ruleContextFor(actor.orgId);
  const { rule, issues } = await checkDefinition(parsed.data.definition, ctx);
  if (!rule || issues.length > 0) throw new ValidationError("规则未通过检查", issues);
  const compiled = compileRule(rule, ctx);
  const params = statementParams({ orgId: actor.orgId, runDate }, compiled.values, [parsed.data.limit]);
  const rows = await withPreviewSlot(actor, () =>
    getSql()
      .begin(async (tx) => {
        await tx.unsafe(`set local statement_timeout = ${previewTimeoutMs()}`);
        const limit = callerParam(compiled.values.length, 0);
        return tx.unsafe<PreviewRow[]>(`with hits as (${compiled.text}) select *, count(*) over () as total from hits order by dedup_key limit ${limit}`, params);
      })
      .catch((error: unknown) => {
        throw previewTimeoutError(error);
      }),
  );
  return {
    count: rows.length > 0 ? Number(rows[0].total) : 0,
    clues: rows.map((r) => {
      const hit = maskHit(rule, ctx.datasets, r.evidence, JSON.parse(r.dedup_key) as unknown[]);
      return { dedupKey: hit.dedupKey, title: maskText(r.title), subject: { name: r.subject_name, idNumber: maskSubjectId(rule.clue.subject.kind, r.subject_id) }, evidence: hit.evidence };
    }),
  };
}

/** The compiled SQL and PostgreSQL's plan for it (for builders and reviewers); nothing is run. */
export async function explainRule(actor: Actor, definition: unknown, runDate = chinaToday()): Promise<{ sql: string; params: StatementValue[]; plan: string }> {
  requirePermission(actor, "models.read");
  const ctx = await ruleContextFor(actor.orgId);
  const { rule, issues } = await checkDefinition(definition, ctx);
  if (!rule || issues.length > 0) throw new ValidationError("规则未通过检查", issues);
  const compiled = compileRule(rule, ctx);
  const params = statementParams({ orgId: actor.orgId, runDate }, compiled.values);
  const rows = await getSql().unsafe<{ "QUERY PLAN": string }[]>(`explain ${compiled.text}`, params);
  return { sql: compiled.text, params, plan: rows.map((r) => r["QUERY PLAN"]).join("\n") };
}
