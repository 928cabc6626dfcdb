// Sliding windows per subject, a rule-level construct: “the same subject with ≥ N events — and
// optionally ≥ P of them meeting a condition — within any D days” gives ONE finding per subject,
// whose evidence is the densest qualifying window (its start, end and events):
//
//   "window": { "by": ["i.id_number"], "date": "i.admission_date", "days": 90, "atLeast": 3,
//               "share": { "where": { … condition … }, "atLeast": 0.6 } }
//
// The window of an event is every event of the same subject dated within `days` days before it,
// itself and same-day events included (first and last at most `days` apart): PostgreSQL's
// `range between … preceding and current row`. Events are the rows left by `where` (and joins);
// rows whose subject or date is empty belong to no window.
import { z } from "zod";
import { FIELD_TYPE_LABELS } from "../../datasets/definition";
import { isDateType, isParamRef, ZFieldRef, ZParamRef, type ParamRef } from "./common";
import { ZCondition } from "./index";
import type { ParamDecl } from "./param";
import type { CheckWalk, CompileWalk, Condition, DefScope, DescribeScope, DescribeWalk, NodeMeta } from "./types";

/** How many events of the densest window a clue keeps as evidence (the count is always whole). */
export const WINDOW_EVIDENCE_EVENTS = 50;

const SHARE_MESSAGE = "占比须在 0 到 1 之间，如 0.6 表示 60%";

/** The bounds of each threshold: a literal is held to them by the schema, a parameter's declared min/max by the checker. */
const BOUNDS = {
  days: { min: 1, max: 3650, integer: true, label: "窗口天数" },
  atLeast: { min: 2, max: 100_000, integer: true, label: "窗口内记录数下限" },
  share: { min: Number.MIN_VALUE, max: 1, integer: false, label: "占比" },
} as const;
type Bound = (typeof BOUNDS)[keyof typeof BOUNDS];

export interface Window {
  by: string[];
  date: string;
  days: number | ParamRef;
  atLeast: number | ParamRef;
  share?: { where: Condition; atLeast: number | ParamRef };
}

/** A threshold: a literal within its bounds, or a rule parameter ({ "param": "minStays" }). */
function threshold(literal: z.ZodNumber, expected: string): z.ZodType<number | ParamRef> {
  return z.union([literal, ZParamRef], { error: (iss) => (iss.input === undefined ? undefined : `应为${expected}，或参数，如 {"param": "minStays"}`) });
}

export const ZWindow: z.ZodType<Window> = z
  .object({
    by: z.array(ZFieldRef).min(1, "window.by 至少包含一个字段（如当事人身份证号）").max(4, "window.by 最多 4 个字段"),
    date: ZFieldRef,
    days: threshold(z.number().int("窗口天数须为整数").min(1, "窗口天数至少为 1").max(3650, "窗口天数不能超过 3650"), " 1 至 3650 的整数"),
    atLeast: threshold(z.number().int("记录数须为整数").min(2, "窗口内记录数下限至少为 2").max(100_000, "窗口内记录数下限不能超过 100000"), "不小于 2 的整数"),
    share: z
      .object({
        where: z.lazy(() => ZCondition),
        atLeast: threshold(z.number().gt(0, SHARE_MESSAGE).max(1, SHARE_MESSAGE), " 0 到 1 之间的数（0.6 表示 60%）"),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The evidence a window clue carries under `window` (see compile). */
export interface WindowEvidence {
  start: string;
  end: string;
  days: number;
  count: number;
  matching: number;
  /** The first WINDOW_EVIDENCE_EVENTS events, oldest first: `{ [alias]: { [field]: value } }`. */
  events: Record<string, Record<string, unknown>>[];
}

export const WINDOW_META: NodeMeta = {
  kind: "window",
  label: "滑动窗口",
  ops: [],
  fieldTypes: ["date", "timestamp"],
  inputs: [
    { name: "by", label: "统计主体（如当事人身份证号）", kind: "fields" },
    { name: "date", label: "按此日期计", kind: "field" },
    { name: "days", label: "任意多少日内", kind: "days", param: true },
    { name: "atLeast", label: "窗口内记录数不少于", kind: "integer", param: true },
    { name: "share.where", label: "其中满足条件的记录", kind: "condition", optional: true },
    { name: "share.atLeast", label: "占比不低于（0–1，0.6 即 60%）", kind: "number", optional: true, param: true },
  ],
};

/** What the checker offers besides the node walk: a parameter's declaration (an issue when undeclared). */
export interface WindowCheckWalk extends CheckWalk {
  declared(path: string, ref: ParamRef): ParamDecl | null;
}

/** Why a parameter cannot stand for this threshold: its type, or declared bounds that an org's setting could leave. */
function paramProblem(name: string, decl: ParamDecl, bound: Bound): string | null {
  const typeOk = decl.type === "integer" || (!bound.integer && decl.type === "numeric");
  if (!typeOk) return `参数“${name}”用作${bound.label}，应为${bound.integer ? "整数" : "数值"}参数`;
  const inRange = (v: unknown): boolean => typeof v === "number" && v >= bound.min && v <= bound.max;
  if (!inRange(decl.min) || !inRange(decl.max)) {
    const range = bound.integer ? `${bound.min} 至 ${bound.max} 之间` : "大于 0、不超过 1";
    return `参数“${name}”用作${bound.label}，须声明 ${range}的下限 min 与上限 max`;
  }
  return null;
}

function checkThreshold(walk: WindowCheckWalk, path: string, value: number | ParamRef, bound: Bound): void {
  if (!isParamRef(value)) return;
  const decl = walk.declared(path, value);
  const problem = decl && paramProblem(value.param, decl, bound);
  if (problem) walk.issue(path, problem);
}

/** What the compiler offers the window statement besides the node walk. */
export interface WindowCompileWalk extends CompileWalk {
  /** FROM (with joins) and WHERE of the rule's rows, compiled afresh (each call binds its own values). */
  source(scope: DefScope): { from: string; where: string[] };
  /** The clue's columns of one row: title, subject name and id (text), and its evidence (jsonb). */
  row(scope: DefScope): { title: string; subjectName: string; subjectId: string; evidence: string };
}

/** Share as a percentage people read: 0.6 → 60%, 2/3 → 66.7%. */
function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** A share as a percentage; a parameter's value too, with its label (“60%（短期住院最低占比）”). */
function shareText(walk: DescribeWalk, share: number | ParamRef): string {
  if (!isParamRef(share)) return percent(share);
  const text = walk.number(share);
  const m = /^(\d+(?:\.\d+)?)(.*)$/.exec(text);
  return m ? `${percent(Number(m[1]))}${m[2]}` : text;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A clue's stored window, or undefined when the evidence holds none. */
export function windowEvidence(evidence: Record<string, unknown> | undefined): WindowEvidence | undefined {
  const w = evidence?.window;
  return isRecord(w) && typeof w.count === "number" && Array.isArray(w.events) ? (w as unknown as WindowEvidence) : undefined;
}

export const window = {
  meta: WINDOW_META,

  check(w: Window, walk: WindowCheckWalk, scope: DefScope, path: string): void {
    w.by.forEach((ref, i) => walk.field(scope, `${path}.by[${i}]`, ref));
    checkThreshold(walk, `${path}.days`, w.days, BOUNDS.days);
    checkThreshold(walk, `${path}.atLeast`, w.atLeast, BOUNDS.atLeast);
    if (w.share) checkThreshold(walk, `${path}.share.atLeast`, w.share.atLeast, BOUNDS.share);
    const type = walk.field(scope, `${path}.date`, w.date);
    if (type && !isDateType(type)) walk.issue(`${path}.date`, `字段 ${w.date} 是${FIELD_TYPE_LABELS[type]}，滑动窗口须按日期或时间字段计`);
    if (w.share) walk.condition(scope, `${path}.share.where`, w.share.where);
  },

  /** One clue per subject: the dedup key is exactly the subject's fields (window.by). */
  checkDedupKey(w: Window, dedupKey: readonly string[], walk: CheckWalk): void {
    const by = new Set(w.by);
    const extra = dedupKey.filter((ref) => !by.has(ref));
    const missing = w.by.filter((ref) => !dedupKey.includes(ref));
    if (extra.length === 0 && missing.length === 0) return;
    const why = [...(extra.length > 0 ? [`不能含 ${extra.join("、")}`] : []), ...(missing.length > 0 ? [`缺少 ${missing.join("、")}`] : [])];
    walk.issue("clue.dedupKey", `滑动窗口每个主体只产生一条线索，去重键须恰为 window.by 的字段（${w.by.join("、")}），${why.join("，")}`);
  },

  /**
   * The whole statement: each event's window counted with window functions, the densest
   * qualifying window per subject (ties: the latest), then that window's events gathered once
   * more through the subject's index for the clue (its title and subject from the latest event).
   */
  compile(w: Window, dedupKey: readonly string[], walk: WindowCompileWalk, outer: DefScope, runDate: string): string {
    const days = walk.param(w.days, "int");
    const atLeast = walk.param(w.atLeast, "int");
    const share = w.share ? walk.param(w.share.atLeast, "numeric") : null;
    const span = `${days} * interval '1 day'`;
    const byCols = w.by.map((_, i) => `w_by_${i + 1}`);
    const byList = byCols.join(", ");

    const scan = new Map(outer);
    const first = walk.source(scan);
    const by = w.by.map((ref) => walk.column(scan, ref).sql);
    const date = walk.column(scan, w.date).sql;
    const match = w.share ? walk.condition(scan, w.share.where) : "true";
    const present = [...by, date].map((sql) => `${sql} is not null`).join(" and ");

    const again = new Map(outer);
    const second = walk.source(again);
    const row = walk.row(again);
    const onSubject = w.by.map((ref, i) => `${walk.column(again, ref).sql} = b.${byCols[i]}`);
    const dateAgain = walk.column(again, w.date).sql;
    const latest = `order by e.w_date desc, e.event desc`;
    const keyCols = dedupKey.map((ref) => `b.${byCols[w.by.indexOf(ref)]}`);

    return `with w_events as (
  select ${by.map((sql, i) => `${sql} as ${byCols[i]}`).join(", ")}, ${date} as w_date, ${match} as w_match
  from ${first.from}
  where ${[...first.where, present].join("\n    and ")}
),
w_frames as (
  select ${byList}, w_date, count(*) over w_frame as w_count, count(*) filter (where w_match) over w_frame as w_matching
  from w_events
  window w_frame as (partition by ${byList} order by w_date range between ${span} preceding and current row)
),
w_best as (
  select distinct on (${byList}) ${byList}, w_date as w_end, w_count, w_matching
  from w_frames
  where w_count >= ${atLeast}${share ? ` and w_matching >= ${share} * w_count` : ""}
  order by ${byList}, w_count desc, w_date desc
)
select jsonb_build_array(${keyCols.join(", ")})::text as dedup_key,
       (array_agg(e.title ${latest}))[1] as title,
       (array_agg(e.subject_name ${latest}))[1] as subject_name,
       (array_agg(e.subject_id ${latest}))[1] as subject_id,
       jsonb_build_object('window', jsonb_build_object('start', min(e.w_date), 'end', b.w_end, 'days', ${days}, 'count', b.w_count, 'matching', b.w_matching,
         'events', to_jsonb((array_agg(e.event order by e.w_date, e.event))[1:${WINDOW_EVIDENCE_EVENTS}]))) as evidence,
       ${runDate}::date as run_date
from w_best b
cross join lateral (
  select ${row.title} as title, ${row.subjectName} as subject_name, ${row.subjectId} as subject_id, ${row.evidence} as event, ${dateAgain} as w_date
  from ${second.from}
  where ${[...second.where, ...onSubject, `${dateAgain} between b.w_end - ${span} and b.w_end`].join("\n    and ")}
  -- Kept a lateral lookup per hit (through the subject's index): flattened into a join, the planner,
  -- which cannot foresee how few subjects qualify, hashes the whole dataset instead.
  offset 0
) e
group by ${byCols.map((c) => `b.${c}`).join(", ")}, b.w_end, b.w_count, b.w_matching`;
  },

  describe(w: Window, walk: DescribeWalk, scope: DescribeScope, evidence: Record<string, unknown> | undefined): void {
    const stored = windowEvidence(evidence);
    const by = w.by.map((ref) => walk.field(scope, ref).text).join("、");
    const days = walk.number(w.days);
    const span = isParamRef(w.days) ? "该天数" : ` ${days} 日`;
    walk.push(0, `滑动窗口：按 ${by} 逐一统计，以 ${walk.field(scope, w.date).text} 计，任意 ${days} 日内（首末相隔不超过${span}）的记录：`);
    walk.push(1, `记录数 ≥ ${walk.number(w.atLeast)}`, stored ? `${stored.count} 条（${stored.start} 至 ${stored.end}）` : undefined);
    if (w.share) {
      const value = stored && stored.count > 0 ? `${stored.matching} 条，占 ${percent(stored.matching / stored.count)}` : undefined;
      walk.push(1, `其中满足「${walk.inline(scope, w.share.where)}」的占比 ≥ ${shareText(walk, w.share.atLeast)}`, value);
    }
    walk.push(0, "每个主体只产生一条线索，证据为记录最多的窗口（同样多时取最近的）");
  },
};
