import "server-only";
import { getSql } from "@/db/client";
import type { Actor } from "../auth/actor";
import { maskHit, maskSubjectId } from "../clues/evidence";
import { maskText } from "../datasets/mask";
import type { RuleContext } from "./check";
import { compileRule } from "./compile";
import { callerParam, statementParams, type StatementScope, type StatementValue } from "./params";
import { decodeCursor, encodeCursor, previewFingerprint, type PreviewPosition } from "./preview-cursor";
import { funnelStatement, type FunnelRow, type FunnelStep } from "./preview-funnel";
import { isStatementTimeout, previewTimeoutError, previewTimeoutMs, withPreviewSlot } from "./preview-guard";
import type { ParamValues } from "./nodes/param";
import type { Rule } from "./schema";

export interface PreviewClue {
  dedupKey: unknown[];
  title: string;
  subject: { name: string | null; idNumber: string | null };
  evidence: Record<string, unknown>;
}

export interface PreviewResult {
  /** Every hit of the rule, not only this page's. */
  count: number;
  clues: PreviewClue[];
  /** Asks for the next page (`{…, cursor}`); null on the last page. */
  nextCursor: string | null;
  /** Rows left after each step; null when not asked for or past the statement timeout. */
  funnel: FunnelStep[] | null;
}

export interface PreviewRequest {
  runDate: string;
  /** Parameter values over the declared defaults (resolved as a run resolves them). */
  params: ParamValues;
  limit: number;
  cursor?: string;
  funnel: boolean;
}

interface PageRow {
  total: string;
  k: string | null;
  dedup_key: string;
  title: string;
  subject_name: string | null;
  subject_id: string | null;
  evidence: Record<string, unknown>;
}

/**
 * One page of a compiled rule's hits in keyset order (md5 of the dedup key, see ./preview-cursor),
 * one more than the limit to know whether a next page exists, with the count of every hit. A key
 * the hits repeat keeps the hit a run keeps (lib/runs/statement.ts: the least evidence, then title
 * and subject), so the count is the clues a run would make.
 */
function pageStatement(rule: Rule, ctx: RuleContext, scope: StatementScope, values: ParamValues, limit: number, after: PreviewPosition | null): { text: string; params: StatementValue[] } {
  const compiled = compileRule(rule, ctx, values);
  const p = (i: number): string => callerParam(compiled.values.length, i);
  const keyset = after ? `where h.k > ${p(1)}::text` : "";
  const text = `with hits as (${compiled.text}),
kept as (
  select distinct on (md5(h.dedup_key)) md5(h.dedup_key) as k, h.dedup_key, h.title, h.subject_name, h.subject_id, h.evidence
  from hits h
  order by md5(h.dedup_key), h.evidence, h.title, h.subject_name, h.subject_id
)
select c.total::text as total, p.* from (select count(*) from kept) c(total)
left join lateral (select * from kept h ${keyset} order by h.k limit ${p(0)}::int) p on true`;
  return { text, params: statementParams(scope, compiled.values, after ? [limit + 1, after] : [limit + 1]) };
}

function toClue(rule: Rule, ctx: RuleContext, r: PageRow): PreviewClue {
  const hit = maskHit(rule, ctx.datasets, r.evidence, JSON.parse(r.dedup_key) as unknown[]);
  return { dedupKey: hit.dedupKey, title: maskText(r.title), subject: { name: r.subject_name, idNumber: maskSubjectId(rule.clue.subject.kind, r.subject_id) }, evidence: hit.evidence };
}

/**
 * Runs a CHECKED rule's preview for the actor's org: the page, then (when asked) the funnel, in one
 * transaction under the statement timeout, in one of the actor's preview slots. A page past the
 * timeout is a 422; a funnel past it is left out (null) so the hits still show.
 */
export async function runPreview(actor: Actor, rule: Rule, ctx: RuleContext, req: PreviewRequest): Promise<PreviewResult> {
  const fingerprint = previewFingerprint(rule, req.runDate, req.params);
  const after = req.cursor ? decodeCursor(req.cursor, fingerprint) : null;
  const scope = { orgId: actor.orgId, runDate: req.runDate };
  const page = pageStatement(rule, ctx, scope, req.params, req.limit, after);
  const funnel = req.funnel ? funnelStatement(rule, ctx, scope, req.params) : null;
  const { rows, funnelRows } = await withPreviewSlot(actor, () =>
    getSql()
      .begin(async (tx) => {
        await tx.unsafe(`set local statement_timeout = ${previewTimeoutMs()}`);
        const pageRows = await tx.unsafe<PageRow[]>(page.text, page.params);
        if (!funnel) return { rows: pageRows, funnelRows: null };
        const counted = await tx
          .savepoint((sp) => sp.unsafe<FunnelRow[]>(funnel.text, funnel.params))
          .catch((error: unknown) => {
            if (isStatementTimeout(error)) return null;
            throw error;
          });
        return { rows: pageRows, funnelRows: counted };
      })
      .catch((error: unknown) => {
        throw previewTimeoutError(error);
      }),
  );
  const count = Number(rows[0]?.total ?? 0);
  const hits = rows.filter((r) => r.k !== null);
  const shown = hits.slice(0, req.limit);
  const last = shown[shown.length - 1];
  return {
    count,
    clues: shown.map((r) => toClue(rule, ctx, r)),
    nextCursor: hits.length > req.limit && last ? encodeCursor(fingerprint, last.k!) : null,
    funnel: funnel && funnelRows ? funnel.read(funnelRows, count) : null,
  };
}
