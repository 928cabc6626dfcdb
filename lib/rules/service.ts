import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, getSql } from "@/db/client";
import { datasets } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { chinaToday } from "../calendar/china-date";
import type { CodeEntry } from "../code-lists/kinds";
import type { DatasetDefinition } from "../datasets/definition";
import { listCodesQuery } from "../code-lists/queries";
import { liveGrantKeysQuery } from "../datasets/applications";
import { ValidationError } from "../errors";
import { DATE_MESSAGE, isIsoDate, ZIsoDate } from "../validation";
import { checkRule, type RuleContext, type RuleIssue } from "./check";
import { checkParamValues, type ParamValues } from "./nodes/param";
import { compileRule } from "./compile";
import { statementParams, type StatementValue } from "./params";
import { runPreview, type PreviewResult } from "./preview-page";
import { postgresRegexProblems } from "./regex";
import { parseRule, type Rule } from "./schema";

/**
 * The catalog and the org's grants live today (China time), as the checker needs them. Always
 * today: a run date moves only the rule's date arithmetic, never the grants (a grant that starts
 * next June does not open the data now).
 */
export async function ruleContextFor(orgId: string): Promise<RuleContext> {
  // The three reads in ONE statement: the builder checks on every edit (bench figure rule_check_ms),
  // and on a busy machine each round trip waits for a backend to be scheduled (three parallel
  // queries took ~7 ms median at load 14, this one ~2 ms). The lines keep listCodes' order.
  const catalog = getDb().select({ definition: datasets.definition }).from(datasets);
  const [row] = await getDb().execute<ContextRow>(sql`select
    (select coalesce(json_agg(c.definition), '[]') from (${catalog}) c) as definitions,
    (select coalesce(json_agg(g.key), '[]') from (${liveGrantKeysQuery(orgId, chinaToday())}) g) as granted,
    (select coalesce(json_agg(json_build_object('code', l.code, 'labelZh', l.label_zh, 'labelEn', l.label_en, 'active', l.active, 'position', l.position)), '[]')
       from (${listCodesQuery("businessLine")}) l) as lines`);
  return {
    datasets: new Map(row.definitions.map((d) => [d.key, d])),
    granted: new Set(row.granted),
    businessLines: new Map(row.lines.map((e) => [e.code, e])),
  };
}

interface ContextRow extends Record<string, unknown> {
  definitions: DatasetDefinition[];
  granted: string[];
  lines: CodeEntry[];
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
  /** The previous page's nextCursor; absent for the first page. */
  cursor: z.string({ error: "分页游标应为上一页返回的 nextCursor（文本）" }).min(1).max(512, "分页游标过长：请使用上一页返回的 nextCursor").optional(),
  /** Whether to count the condition funnel (a client paging on may skip it). */
  funnel: z.boolean().default(true),
  /** Values to try for the rule's parameters (checked against their declarations); the defaults otherwise. */
  params: z.record(z.string(), z.unknown()).optional(),
});

export type { PreviewClue, PreviewResult } from "./preview-page";

/**
 * Runs a rule for the actor's org and answers one page of its hits without storing anything, with
 * the total count and the condition funnel (./preview-page). A rule that fails the checker is
 * refused with its issues and never reaches the database. Parameters: the values the request tries
 * (checked), over the org's settings the caller trusts (`orgParams`, resolved as a run resolves
 * them), over the declared defaults.
 */
export async function previewRule(actor: Actor, input: unknown, trusted: { orgParams?: ParamValues } = {}): Promise<PreviewResult> {
  requirePermission(actor, "models.read");
  const parsed = ZPreviewInput.safeParse(input);
  if (!parsed.success) throw new ValidationError("请求参数有误", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  const runDate = parsed.data.runDate ?? chinaToday();
  const ctx = await ruleContextFor(actor.orgId);
  const { rule, issues } = await checkDefinition(parsed.data.definition, ctx);
  if (!rule || issues.length > 0) throw new ValidationError("规则未通过检查", issues);
  const tried = parsed.data.params ?? {};
  const paramIssues = checkParamValues(rule.params ?? {}, tried, "params");
  if (paramIssues.length > 0) throw new ValidationError("参数取值有误", paramIssues);
  // Checked above: every tried value is a literal of its declared type within its bounds.
  const params: ParamValues = { ...trusted.orgParams, ...(tried as ParamValues) };
  return runPreview(actor, rule, ctx, { ...parsed.data, runDate, params });
}

/** The compiled SQL and PostgreSQL's plan for it (for builders and reviewers); nothing is run. */
export async function explainRule(actor: Actor, definition: unknown, runDate = chinaToday()): Promise<{ sql: string; params: StatementValue[]; plan: string }> {
  requirePermission(actor, "models.read");
  // A caller's date, checked here: PostgreSQL would refuse "2026-02-30" with its own English text.
  if (!isIsoDate(runDate)) throw new ValidationError("请求参数有误", [{ path: "runDate", message: `运行日期${DATE_MESSAGE}` }]);
  const ctx = await ruleContextFor(actor.orgId);
  const { rule, issues } = await checkDefinition(definition, ctx);
  if (!rule || issues.length > 0) throw new ValidationError("规则未通过检查", issues);
  const compiled = compileRule(rule, ctx);
  const params = statementParams({ orgId: actor.orgId, runDate }, compiled.values);
  const rows = await getSql().unsafe<{ "QUERY PLAN": string }[]>(`explain ${compiled.text}`, params);
  return { sql: compiled.text, params, plan: rows.map((r) => r["QUERY PLAN"]).join("\n") };
}
