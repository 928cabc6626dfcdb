// The leaders' statistics (lib/stats/dashboard.ts) against a history the test writes itself:
// clues found in 2026-08…10 (China-time month boundaries included), their triage steps with
// chosen times, a transfer 东城区 → 西城区, a clue confirmed → reopened → dismissed, outcomes with
// recoveries; then a few clues of the current month driven through the real actOnClue/addOutcome
// path, and model runs for the adopters. Every figure is checked against a plain-JS model of that
// history (never against the implementation's SQL), and the key views against hand-computed
// literals as well: province, 临江市 and 东城区 views, KPIs of the month and the previous one,
// the 12-month trend, rows per model, business line, outcome kind and child org, the backlog and
// its median age at the month's end, the 成案率 floor; and who may see what.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { clueEvents, clueOutcomes, clues, models, modelVersions, type ClueStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { actOnClue } from "@/lib/clues/commands";
import { clueKey } from "@/lib/clues/key";
import { addOutcome } from "@/lib/clues/outcomes";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { startRun } from "@/lib/runs/commands";
import { executeRun } from "@/lib/runs/execute";
import { getDashboard, type Dashboard, type Kpis } from "@/lib/stats/dashboard";
import { createUser } from "@/lib/users/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";

const AS_OF = "2026-11-01";
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// The org tree and the models, as the test knows them (independently of the database).

type OrgKey = "P" | "L" | "Q" | "D" | "X" | "N" | "B";
const ORG_KEYS: OrgKey[] = ["P", "L", "Q", "D", "X", "N", "B"];
const PARENT: Record<OrgKey, OrgKey | null> = { P: null, L: "P", Q: "P", D: "L", X: "L", N: "Q", B: "Q" };
const ORG_NAME: Record<OrgKey, string> = {
  P: ORGS.province,
  L: ORGS.linjiang,
  Q: ORGS.qingshan,
  D: ORGS.dongcheng,
  X: ORGS.xicheng,
  N: ORGS.nanhu,
  B: ORGS.beiling,
};
const ORG_LEVEL: Record<OrgKey, string> = { P: "province", L: "city", Q: "city", D: "district", X: "district", N: "district", B: "district" };

type ModelKey = "M1" | "M2" | "M3" | "M5" | "M7";
const MODEL_KEY: Record<ModelKey, string> = {
  M1: "pretrial_release_not_delivered",
  M2: "bribe_givers_not_prosecuted",
  M3: "company_served_by_public_notice",
  M5: "outpatient_during_inpatient_stay",
  M7: "drunk_driving_licence_valid",
};
/** The business lines of models/rules/*.json. */
const LINE: Record<ModelKey, string> = { M1: "criminal", M2: "criminal", M3: "civil", M5: "public_interest", M7: "administrative" };

const orgId = {} as Record<OrgKey, string>;
const orgKeyOf = new Map<string, OrgKey>();
const modelId = {} as Record<ModelKey, string>;
const versionId = {} as Record<ModelKey, string>;
const modelName = new Map<string, string>();

/** "2026-10-05 10:00" (China time) → the instant. */
function cn(s: string): Date {
  const [d, t] = s.split(" ");
  return new Date(`${d}T${t.length === 5 ? `${t}:00` : t}+08:00`);
}

/** The China-time month of an instant. */
function monthOf(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/** The first instant of the next month, China time. */
function monthEnd(month: string): Date {
  return new Date(`${shiftMonth(month, 1)}-01T00:00:00+08:00`);
}

function inView(view: OrgKey, org: OrgKey): boolean {
  for (let o: OrgKey | null = org; o; o = PARENT[o]) if (o === view) return true;
  return false;
}

/** The view's child an org rolls up to, or "self" for the view's own org. */
function childOf(view: OrgKey, org: OrgKey): OrgKey | "self" {
  if (org === view) return "self";
  let o = org;
  while (PARENT[o] !== view) o = PARENT[o]!;
  return o;
}

// ---------------------------------------------------------------------------------------------
// The known history: every clue and event, and the test's own state machine.

type Action = "assign" | "verify" | "confirm" | "dismiss" | "transfer" | "reopen" | "comment";
const OPEN: ClueStatus[] = ["new", "assigned", "verifying"];
const isClosed = (s: ClueStatus): boolean => !OPEN.includes(s);

function next(status: ClueStatus, action: Action, hasAssignee: boolean): ClueStatus {
  switch (action) {
    case "assign":
      if (status === "new" || status === "assigned") return "assigned";
      break;
    case "verify":
      if (status === "assigned") return "verifying";
      break;
    case "confirm":
      if (status === "verifying") return "confirmed";
      break;
    case "dismiss":
      if (status === "verifying") return "dismissed";
      break;
    case "transfer":
      if (status === "assigned" || status === "verifying") return "transferred";
      break;
    case "reopen":
      if (isClosed(status)) return hasAssignee ? "verifying" : "new";
      break;
    case "comment":
      return status;
  }
  throw new Error(`scenario error: ${action} from ${status}`);
}

interface Ev {
  at: Date;
  action: string;
  from: ClueStatus | null;
  to: ClueStatus | null;
}

interface Known {
  id: number;
  org: OrgKey;
  modelId: string;
  line: string;
  seen: Date;
  received: boolean;
  events: Ev[];
  status: ClueStatus;
  assigned: boolean;
}

interface KnownOutcome {
  org: OrgKey;
  modelId: string;
  kind: string;
  amount: number | null;
  at: Date;
}

const known: Known[] = [];
const knownOutcomes: KnownOutcome[] = [];
/** Succeeded runs (org, model). */
const knownRuns: { org: OrgKey; modelId: string }[] = [];
const byKey = new Map<string, Known>();

interface Flow {
  found: number;
  received: number;
  triaged: number;
  confirmed: number;
  dismissed: number;
  transferred: number;
  reopened: number;
}
const zeroFlow = (): Flow => ({ found: 0, received: 0, triaged: 0, confirmed: 0, dismissed: 0, transferred: 0, reopened: 0 });
const isZero = (f: Flow): boolean => Object.values(f).every((v) => v === 0);

function flowOf(list: Known[], month: string): Flow {
  const f = zeroFlow();
  for (const c of list) {
    if (monthOf(c.seen) === month) {
      if (c.received) f.received++;
      else f.found++;
    }
    for (const e of c.events) {
      if (monthOf(e.at) !== month || e.from === null || e.to === null || e.from === e.to) continue;
      if (e.from === "new" && e.to === "assigned") f.triaged++;
      if (e.to === "confirmed") f.confirmed++;
      if (e.to === "dismissed") f.dismissed++;
      if (e.to === "transferred") f.transferred++;
      if (e.action === "reopen") f.reopened++;
    }
  }
  return f;
}

function conversion(f: Flow): number | null {
  return f.confirmed + f.dismissed === 0 ? null : f.confirmed / (f.confirmed + f.dismissed);
}

function statusAt(c: Known, t: Date): ClueStatus | null {
  if (c.seen.getTime() >= t.getTime()) return null;
  let s: ClueStatus = "new";
  for (const e of c.events) if (e.at.getTime() < t.getTime() && e.to !== null) s = e.to;
  return s;
}

/** Clues open at `t` and the median of their ages in days (unrounded), each clue taken as found at noon (China time) of its day. */
function backlogOf(list: Known[], t: Date): { n: number; median: number | null } {
  const ages = list
    .filter((c) => {
      const s = statusAt(c, t);
      return s !== null && OPEN.includes(s);
    })
    .map((c) => Math.max(0, (t.getTime() - Date.parse(`${new Date(c.seen.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}T12:00:00+08:00`)) / DAY_MS))
    .sort((a, b) => a - b);
  if (ages.length === 0) return { n: 0, median: null };
  const mid = Math.floor(ages.length / 2);
  return { n: ages.length, median: ages.length % 2 === 1 ? ages[mid] : (ages[mid - 1] + ages[mid]) / 2 };
}

function recoveredOf(list: KnownOutcome[], month: string): number {
  return list.filter((o) => o.kind === "recovery" && monthOf(o.at) === month).reduce((s, o) => s + (o.amount ?? 0), 0);
}

interface ExpectedKpis extends Flow {
  conversion: number | null;
  recovered: number;
  backlog: number;
  backlogMedianRaw: number | null;
}

function kpisOf(list: Known[], outcomes: KnownOutcome[], month: string, now: Date): ExpectedKpis {
  const f = flowOf(list, month);
  const end = monthEnd(month);
  const b = backlogOf(list, end.getTime() < now.getTime() ? end : now);
  return { ...f, conversion: conversion(f), recovered: recoveredOf(outcomes, month), backlog: b.n, backlogMedianRaw: b.median };
}

interface Expected {
  month: string;
  view: OrgKey;
  current: ExpectedKpis;
  previous: ExpectedKpis;
  trend: ({ month: string } & Flow)[];
  byModel: Map<string, Flow & { conversion: number | null; recovered: number; adopters: number }>;
  byLine: Map<string, Flow>;
  outcomes: Map<string, { count: number; amount: number }>;
  orgs: Map<string, ExpectedKpis & { self: boolean; name: string }>;
  belowFloor: string[];
}

function expectedDashboard(view: OrgKey, month: string, now: Date): Expected {
  const list = known.filter((c) => inView(view, c.org));
  const outs = knownOutcomes.filter((o) => inView(view, o.org));
  const monthOutcomes = outs.filter((o) => monthOf(o.at) === month);
  const trend = Array.from({ length: 12 }, (_, i) => shiftMonth(month, i - 11)).map((m) => ({ month: m, ...flowOf(list, m) }));

  const byModel: Expected["byModel"] = new Map();
  for (const id of new Set(list.map((c) => c.modelId))) {
    const f = flowOf(
      list.filter((c) => c.modelId === id),
      month,
    );
    const adopters = new Set(knownRuns.filter((r) => r.modelId === id && inView(view, r.org)).map((r) => r.org)).size;
    byModel.set(id, { ...f, conversion: conversion(f), recovered: recoveredOf(monthOutcomes.filter((o) => o.modelId === id), month), adopters });
  }
  const byLine: Expected["byLine"] = new Map();
  for (const line of new Set(list.map((c) => c.line)))
    byLine.set(
      line,
      flowOf(
        list.filter((c) => c.line === line),
        month,
      ),
    );

  const outcomes: Expected["outcomes"] = new Map();
  for (const o of monthOutcomes) {
    const acc = outcomes.get(o.kind) ?? { count: 0, amount: 0 };
    outcomes.set(o.kind, { count: acc.count + 1, amount: acc.amount + (o.amount ?? 0) });
  }

  const orgs: Expected["orgs"] = new Map();
  const children = ORG_KEYS.filter((k) => PARENT[k] === view);
  for (const k of [...children, "self" as const]) {
    const org = k === "self" ? view : k;
    const sel = list.filter((c) => childOf(view, c.org) === k);
    const selOut = outs.filter((o) => childOf(view, o.org) === k);
    orgs.set(orgId[org], { ...kpisOf(sel, selOut, month, now), self: k === "self", name: k === "self" ? `${ORG_NAME[org]}（本院）` : ORG_NAME[org] });
  }
  const belowFloor = [...orgs]
    .filter(([, r]) => !r.self && r.conversion !== null && r.conversion < 0.1)
    .map(([id]) => id)
    .sort();

  return {
    month,
    view,
    current: kpisOf(list, outs, month, now),
    previous: kpisOf(list, outs, shiftMonth(month, -1), now),
    trend,
    byModel,
    byLine,
    outcomes,
    orgs,
    belowFloor,
  };
}

// ---------------------------------------------------------------------------------------------
// Comparing (soft: one run reports every figure that differs).

const FLOW_KEYS = Object.keys(zeroFlow()) as (keyof Flow)[];
const pickFlow = (o: Flow): Flow => Object.fromEntries(FLOW_KEYS.map((k) => [k, o[k]])) as unknown as Flow;

function checkConversion(label: string, actual: number | null, expected: number | null): void {
  if (expected === null) expect.soft(actual, label).toBeNull();
  else {
    expect.soft(actual, label).not.toBeNull();
    expect.soft(actual ?? NaN, label).toBeCloseTo(expected, 9);
  }
}

/** The median is rounded to 0.1 day; `slack` covers the clock moving between our now and the query's. */
function checkMedian(label: string, actual: number | null, expectedRaw: number | null, slack: number): void {
  if (expectedRaw === null) {
    expect.soft(actual, label).toBeNull();
    return;
  }
  expect.soft(actual, label).not.toBeNull();
  expect.soft(Math.abs((actual ?? NaN) - expectedRaw), `${label}: got ${actual}, expected ${expectedRaw.toFixed(4)} rounded to 0.1`).toBeLessThanOrEqual(0.05 + slack);
  expect.soft(Math.round((actual ?? 0) * 10) / 10, `${label} is rounded to 0.1`).toBe(actual);
}

function checkKpis(label: string, actual: Kpis, expected: ExpectedKpis, slack: number): void {
  expect.soft(pickFlow(actual), `${label} flows`).toEqual(pickFlow(expected));
  checkConversion(`${label} conversion`, actual.conversion, expected.conversion);
  expect.soft(actual.recovered, `${label} recovered`).toBeCloseTo(expected.recovered, 2);
  expect.soft(actual.backlog, `${label} backlog`).toBe(expected.backlog);
  checkMedian(`${label} backlogMedianDays`, actual.backlogMedianDays, expected.backlogMedianRaw, slack);
}

function nonIncreasing(values: number[]): boolean {
  return values.every((v, i) => i === 0 || values[i - 1] >= v);
}

function checkDashboard(label: string, actual: Dashboard, exp: Expected, slack: number): void {
  expect.soft(actual.month, `${label} month`).toBe(exp.month);
  expect.soft(actual.org, `${label} org`).toMatchObject({ id: orgId[exp.view], name: ORG_NAME[exp.view], level: ORG_LEVEL[exp.view] });
  checkKpis(`${label} current`, actual.current, exp.current, slack);
  checkKpis(`${label} previous`, actual.previous, exp.previous, 0);

  expect.soft(
    actual.trend.map((t) => t.month),
    `${label} trend months`,
  ).toEqual(exp.trend.map((t) => t.month));
  expect.soft(
    actual.trend.map((t) => ({ month: t.month, ...pickFlow(t) })),
    `${label} trend`,
  ).toEqual(exp.trend);

  // Per model: every model with activity in the month; a row with all-zero flows is tolerated
  // (a month with only 核查 steps), but then its other figures must be zero too.
  const modelIds = actual.byModel.map((r) => r.modelId);
  expect.soft(new Set(modelIds).size, `${label} byModel unique`).toBe(modelIds.length);
  for (const [id, e] of exp.byModel) {
    if (isZero(pickFlow(e)) && e.recovered === 0) continue;
    expect.soft(modelIds, `${label} byModel has ${modelName.get(id)}`).toContain(id);
  }
  for (const row of actual.byModel) {
    const e = exp.byModel.get(row.modelId) ?? { ...zeroFlow(), conversion: null, recovered: 0, adopters: 0 };
    const l = `${label} byModel[${row.name}]`;
    expect.soft(row.name, `${l} name`).toBe(modelName.get(row.modelId));
    expect.soft(pickFlow(row), `${l} flows`).toEqual(pickFlow(e));
    checkConversion(`${l} conversion`, row.conversion, e.conversion);
    expect.soft(row.recovered, `${l} recovered`).toBeCloseTo(e.recovered, 2);
    expect.soft(row.adopters, `${l} adopters`).toBe(e.adopters);
  }
  // Best 成案率 first (none last), then most found.
  const ranks = actual.byModel.map((r) => (r.conversion ?? -1) * 1e6 + r.found);
  expect.soft(nonIncreasing(ranks), `${label} byModel order`).toBe(true);

  const lines = actual.byBusinessLine.map((r) => r.line);
  expect.soft(new Set(lines).size, `${label} byBusinessLine unique`).toBe(lines.length);
  for (const [line, e] of exp.byLine) if (!isZero(e)) expect.soft(lines, `${label} byBusinessLine has ${line}`).toContain(line);
  for (const row of actual.byBusinessLine) expect.soft(pickFlow(row), `${label} byBusinessLine[${row.line}]`).toEqual(pickFlow(exp.byLine.get(row.line) ?? zeroFlow()));
  expect.soft(nonIncreasing(actual.byBusinessLine.map((r) => r.found)), `${label} byBusinessLine order`).toBe(true);

  expect.soft(
    actual.outcomes.map((o) => o.kind).sort(),
    `${label} outcome kinds`,
  ).toEqual([...exp.outcomes.keys()].sort());
  for (const o of actual.outcomes) {
    const e = exp.outcomes.get(o.kind) ?? { count: 0, amount: 0 };
    expect.soft(o.count, `${label} outcomes[${o.kind}].count`).toBe(e.count);
    expect.soft(o.amount, `${label} outcomes[${o.kind}].amount`).toBeCloseTo(e.amount, 2);
  }
  expect.soft(nonIncreasing(actual.outcomes.map((o) => o.count)), `${label} outcomes order`).toBe(true);

  // Per child org, plus the chosen org's own row (last).
  expect.soft(
    actual.orgs.map((o) => o.orgId).sort(),
    `${label} org rows`,
  ).toEqual([...exp.orgs.keys()].sort());
  expect.soft(actual.orgs.at(-1)?.self, `${label} own row last`).toBe(true);
  expect.soft(actual.orgs.filter((o) => o.self).length, `${label} one own row`).toBe(1);
  for (const row of actual.orgs) {
    const e = exp.orgs.get(row.orgId);
    if (!e) continue;
    expect.soft(row.name, `${label} orgs name`).toBe(e.name);
    expect.soft(row.self, `${label} orgs[${e.name}].self`).toBe(e.self);
    checkKpis(`${label} orgs[${e.name}]`, row, e, slack);
  }
  expect.soft(
    actual.belowFloor.map((o) => o.orgId).sort(),
    `${label} belowFloor`,
  ).toEqual(exp.belowFloor);
}

// ---------------------------------------------------------------------------------------------
// Writing the history directly (as lib/clues/commands.ts would have left it).

interface Spec {
  key: string;
  org: OrgKey;
  model: ModelKey;
  seen: string;
  /** The key of the clue transferred here (this one is the receiving clue). */
  source?: string;
  steps?: [Action, string, { target?: OrgKey; agency?: string }?][];
  outcomes?: [kind: string, at: string, amount?: number][];
}

/** Who works clues of an org (the assignee of history clues). */
const assigneeOf = {} as Partial<Record<OrgKey, string>>;

async function writeHistory(spec: Spec): Promise<Known> {
  const seen = cn(spec.seen);
  let status: ClueStatus = "new";
  let assigneeId: string | null = null;
  let changedAt = seen;
  let closedAt: Date | null = null;
  const fields: { caseNo: string | null; dismissReason: string | null; transferOrgId: string | null; transferAgency: string | null } = { caseNo: null, dismissReason: null, transferOrgId: null, transferAgency: null };
  const events: (Ev & { comment: string | null; detail: Record<string, unknown> | null })[] = [];
  const source = spec.source ? byKey.get(spec.source)! : null;
  if (source) events.push({ at: seen, action: "transferred_in", from: null, to: "new", comment: `由${ORG_NAME[source.org]}移送`, detail: { sourceClueId: source.id } });
  for (const [action, when, extra] of spec.steps ?? []) {
    const at = cn(when);
    const from: ClueStatus = status;
    const to = next(status, action, assigneeId !== null);
    if (action === "assign") {
      assigneeId = assigneeOf[spec.org]!;
      if (!assigneeId) throw new Error(`no assignee for ${spec.org}`);
    }
    if (action === "confirm") fields.caseNo = `统检〔2026〕${spec.key}号`;
    if (action === "dismiss") fields.dismissReason = "经核查不属实";
    if (action === "transfer") {
      if (extra?.target) fields.transferOrgId = orgId[extra.target];
      else fields.transferAgency = extra?.agency ?? "外部单位";
    }
    if (action === "reopen") Object.assign(fields, { caseNo: null, dismissReason: null, transferOrgId: null, transferAgency: null });
    if (to !== from) {
      status = to;
      changedAt = at;
      closedAt = isClosed(to) ? at : null;
    }
    events.push({ at, action, from, to, comment: action === "comment" ? "已电话联系" : null, detail: {} });
  }
  const [row] = await getDb()
    .insert(clues)
    .values({
      orgId: orgId[spec.org],
      modelId: modelId[spec.model],
      modelVersionId: versionId[spec.model],
      dedupKey: clueKey(`stats-${spec.key}`),
      title: `统计测试线索 ${spec.key}`,
      subjectKind: "person",
      subjectName: `当事人${spec.key}`,
      evidence: { key: spec.key },
      businessLine: LINE[spec.model],
      firstSeenAt: seen,
      streakStart: 0,
      status,
      assigneeId,
      ...fields,
      sourceClueId: source?.id ?? null,
      statusChangedAt: changedAt,
      closedAt,
    })
    .returning({ id: clues.id });
  if (events.length > 0) {
    await getDb()
      .insert(clueEvents)
      .values(events.map((e) => ({ clueId: row.id, orgId: orgId[spec.org], at: e.at, actorName: "统计测试", action: e.action, fromStatus: e.from, toStatus: e.to, comment: e.comment, detail: e.detail })));
  }
  for (const [kind, when, amount] of spec.outcomes ?? []) {
    const at = cn(when);
    await getDb()
      .insert(clueOutcomes)
      .values({ clueId: row.id, orgId: orgId[spec.org], kind: kind as "recovery", amount: amount ?? null, feedbackDate: kind === "rectification" ? when.slice(0, 10) : null, createdByName: "统计测试", createdAt: at });
    await getDb()
      .insert(clueEvents)
      .values({ clueId: row.id, orgId: orgId[spec.org], at, actorName: "统计测试", action: "outcome", detail: { kind, amount: amount ?? null } });
    knownOutcomes.push({ org: spec.org, modelId: modelId[spec.model], kind, amount: amount ?? null, at });
  }
  const k: Known = {
    id: row.id,
    org: spec.org,
    modelId: modelId[spec.model],
    line: LINE[spec.model],
    seen,
    received: source !== null,
    events: events.map(({ at, action, from, to }) => ({ at, action, from, to })),
    status,
    assigned: assigneeId !== null,
  };
  known.push(k);
  byKey.set(spec.key, k);
  return k;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** The history, in China time. Comments give what each clue is for. */
function historySpecs(): Spec[] {
  const specs: Spec[] = [
    // Confirmed in Aug, reopened in Sep, dismissed in Oct: closed at Aug's end, open at Sep's, closed at Oct's.
    { key: "D1", org: "D", model: "M1", seen: "2026-08-05 09:00", steps: [["assign", "2026-08-06 09:00"], ["verify", "2026-08-10 09:00"], ["confirm", "2026-08-20 09:00"], ["reopen", "2026-09-10 09:00"], ["dismiss", "2026-10-05 10:00"]] },
    // Found 30 minutes before October (China time): September's; confirmed in Oct with a recovery.
    { key: "D2", org: "D", model: "M1", seen: "2026-09-30 23:30", steps: [["assign", "2026-10-01 09:00"], ["verify", "2026-10-02 09:00"], ["confirm", "2026-10-15 09:00"]], outcomes: [["recovery", "2026-10-20 10:00", 50000], ["recommendation", "2026-10-21 10:00"]] },
    // Found 10 minutes into October (still Sep 30 in UTC); transferred to 西城区.
    { key: "D3", org: "D", model: "M2", seen: "2026-10-01 00:10", steps: [["assign", "2026-10-03 09:00"], ["verify", "2026-10-04 09:00"], ["transfer", "2026-10-10 12:00", { target: "X" }]] },
    // 西城区's copy: received, not found; confirmed there.
    { key: "X1", org: "X", model: "M2", seen: "2026-10-10 12:00", source: "D3", steps: [["assign", "2026-10-12 09:00"], ["verify", "2026-10-13 09:00"], ["confirm", "2026-10-20 09:00"]], outcomes: [["recovery", "2026-10-25 10:00", 20000.5]] },
    // Assigned, a comment, reassigned (not a second 分派 of a new clue): open.
    { key: "D4", org: "D", model: "M3", seen: "2026-09-15 10:00", steps: [["assign", "2026-09-16 10:00"], ["comment", "2026-09-17 10:00"], ["assign", "2026-09-20 10:00"]] },
    // New at Oct's end (assigned this month through actOnClue).
    { key: "D5", org: "D", model: "M3", seen: "2026-10-20 08:00" },
    // Transferred to an outside agency in Sep.
    { key: "D6", org: "D", model: "M1", seen: "2026-08-25 10:00", steps: [["assign", "2026-08-26 10:00"], ["verify", "2026-09-01 10:00"], ["transfer", "2026-09-05 10:00", { agency: "临江市市场监督管理局" }]] },
    // Found 10 minutes before November: October's, in Oct's backlog.
    { key: "D7", org: "D", model: "M5", seen: "2026-10-31 23:50" },
    // Confirmed a minute before November; one recovery just before, one just after midnight.
    { key: "D8", org: "D", model: "M1", seen: "2026-10-10 10:00", steps: [["assign", "2026-10-11 10:00"], ["verify", "2026-10-12 10:00"], ["confirm", "2026-10-31 23:59"]], outcomes: [["recovery", "2026-10-31 23:59:30", 1000], ["recovery", "2026-11-01 00:00:30", 7]] },
    // Still 核查中 at Oct's end, dismissed 5 minutes into November.
    { key: "D9", org: "D", model: "M1", seen: "2026-10-25 10:00", steps: [["assign", "2026-10-26 10:00"], ["verify", "2026-10-27 10:00"], ["dismiss", "2026-11-01 00:05"]] },
    // Confirmed in Sep (reopened this month through actOnClue): closed at Sep's and Oct's ends.
    { key: "D10", org: "D", model: "M2", seen: "2026-09-03 10:00", steps: [["assign", "2026-09-04 10:00"], ["verify", "2026-09-05 10:00"], ["confirm", "2026-09-25 10:00"]] },
    // Open since August.
    { key: "X12", org: "X", model: "M7", seen: "2026-08-15 10:00" },
    // 临江市's own clues.
    { key: "L1", org: "L", model: "M3", seen: "2026-10-08 10:00", steps: [["assign", "2026-10-09 10:00"], ["verify", "2026-10-10 10:00"], ["confirm", "2026-10-12 10:00"]], outcomes: [["recovery", "2026-10-14 10:00", 300000], ["protest", "2026-10-15 10:00"]] },
    { key: "L2", org: "L", model: "M5", seen: "2026-09-20 10:00" },
    // 南湖区: 1 confirmed, 9 dismissed in Oct — exactly the 10% floor, so not below it.
    { key: "N1", org: "N", model: "M1", seen: "2026-10-02 10:00", steps: [["assign", "2026-10-03 10:00"], ["verify", "2026-10-04 10:00"], ["confirm", "2026-10-06 10:00"]], outcomes: [["rectification", "2026-10-09 10:00"], ["recovery", "2026-10-10 10:00", 8888.88]] },
    { key: "N11", org: "N", model: "M1", seen: "2026-07-20 10:00" },
    { key: "B1", org: "B", model: "M5", seen: "2026-10-18 10:00" },
  ];
  // 西城区: found in Sep, triaged in Sep, 10 dismissed in Oct (with X1's confirmation: 1/11 < 10%).
  for (let k = 1; k <= 10; k++) {
    specs.push({ key: `X${k + 1}`, org: "X", model: "M7", seen: `2026-09-${pad(k)} 10:00`, steps: [["assign", `2026-09-${pad(k + 1)} 10:00`], ["verify", `2026-09-${pad(k + 2)} 10:00`], ["dismiss", `2026-10-${pad(k)} 15:00`]] });
  }
  for (let k = 2; k <= 10; k++) {
    specs.push({ key: `N${k}`, org: "N", model: "M2", seen: `2026-10-${pad(k)} 11:00`, steps: [["assign", `2026-10-${pad(k + 5)} 09:00`], ["verify", `2026-10-${pad(k + 5)} 15:00`], ["dismiss", `2026-10-${pad(k + 10)} 09:00`]] });
  }
  return specs;
}

// ---------------------------------------------------------------------------------------------
// The current month, through the real commands.

/** One triage step through actOnClue, mirrored in the known history. */
async function act(actor: Actor, c: Known, input: { action: Action } & Record<string, unknown>): Promise<void> {
  const from = c.status;
  const to = next(from, input.action, c.assigned || input.action === "assign");
  const updated = await actOnClue(actor, c.id, input);
  const at = new Date();
  expect(updated.status).toBe(to);
  c.events.push({ at, action: input.action, from, to });
  c.status = to;
  if (input.action === "assign") c.assigned = true;
}

async function outcome(actor: Actor, c: Known, input: { kind: string; amount?: number; documentNo?: string }): Promise<void> {
  await addOutcome(actor, c.id, input);
  knownOutcomes.push({ org: c.org, modelId: c.modelId, kind: input.kind, amount: input.amount ?? null, at: new Date() });
}

// ---------------------------------------------------------------------------------------------

let database: TestDatabase;
let prosecutor: Actor; // 陈静, 东城区
let nanhu: Actor; // 刘洋, 南湖区
let multi: Actor; // 黄晓, 西城区 (prosecutor + model builder)
let leader: Actor; // 李振华, province
let cityLeader: Actor; // 吴海, 临江市
let qingshanLeader: Actor; // 冯涛, 青山市 (admin + leader)
let currentMonth: string;
/** Run clues of 东城区 / 南湖区 written by the first runs (for the literal checks). */
const runClueCount: Partial<Record<OrgKey, number>> = {};

beforeAll(async () => {
  usePrivateRedis(14);
  database = await setupDemoDatabase({ withData: true, clues: false });
  [prosecutor, nanhu, multi, leader, cityLeader, qingshanLeader] = await Promise.all(
    ["prosecutor", "prosecutor_nanhu", "multi", "leader", "city_leader", "admin_qingshan"].map((u) => actorFor(u)),
  );
  for (const k of ORG_KEYS) {
    orgId[k] = await orgIdByName(ORG_NAME[k]);
    orgKeyOf.set(orgId[k], k);
  }
  const modelRows = await getDb()
    .select({ id: models.id, key: models.key, name: models.name, versionId: modelVersions.id })
    .from(models)
    .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.status, "published")));
  for (const m of modelRows) modelName.set(m.id, m.name);
  for (const k of Object.keys(MODEL_KEY) as ModelKey[]) {
    const row = modelRows.find((m) => m.key === MODEL_KEY[k]);
    if (!row) throw new Error(`no published model ${MODEL_KEY[k]}`);
    modelId[k] = row.id;
    versionId[k] = row.versionId;
  }
  await createUser(await actorFor("admin"), { username: "prosecutor_lj", name: "周敏", orgId: orgId.L, roles: ["prosecutor"], password: "Jiancha-River-2026" });
  Object.assign(assigneeOf, { D: prosecutor.id, X: multi.id, N: nanhu.id, L: (await actorFor("prosecutor_lj")).id });

  // Runs of this month: 东城区 runs models 1 and 2, 南湖区 model 1 (the adopters).
  const runIds: { org: OrgKey; model: ModelKey; actor: Actor }[] = [
    { org: "D", model: "M1", actor: prosecutor },
    { org: "D", model: "M2", actor: prosecutor },
    { org: "N", model: "M1", actor: nanhu },
  ];
  for (const r of runIds) {
    const run = await startRun(r.actor, modelId[r.model], { runDate: AS_OF });
    expect(await executeRun(run.id, { finalAttempt: true })).toBe("succeeded");
    knownRuns.push({ org: r.org, modelId: modelId[r.model] });
  }
  const runClues = await getDb()
    .select({ id: clues.id, orgId: clues.orgId, modelId: clues.modelId, line: clues.businessLine, seen: clues.firstSeenAt, sourceClueId: clues.sourceClueId })
    .from(clues);
  for (const c of runClues) {
    const org = orgKeyOf.get(c.orgId)!;
    known.push({ id: c.id, org, modelId: c.modelId, line: c.line, seen: c.seen, received: c.sourceClueId !== null, events: [], status: "new", assigned: false });
    runClueCount[org] = (runClueCount[org] ?? 0) + 1;
  }
  expect(runClueCount.D).toBeGreaterThanOrEqual(4);
  expect(runClueCount.N).toBeGreaterThanOrEqual(1);

  // The past, written directly.
  for (const spec of historySpecs()) await writeHistory(spec);

  // A re-run finds the same clues: nothing is found twice.
  const rerun = await startRun(prosecutor, modelId.M1, { runDate: AS_OF });
  expect(await executeRun(rerun.id, { finalAttempt: true })).toBe("succeeded");

  // This month, through the real commands.
  currentMonth = monthOf(new Date());
  const fresh = (org: OrgKey, model: ModelKey, skip = 0): Known =>
    known.filter((c) => c.org === org && c.modelId === modelId[model] && !c.received && c.events.length === 0 && monthOf(c.seen) === currentMonth)[skip];
  const c1 = fresh("D", "M1");
  await act(prosecutor, c1, { action: "assign", assigneeId: prosecutor.id });
  await act(prosecutor, c1, { action: "verify" });
  await act(prosecutor, c1, { action: "confirm", caseNo: "东检监〔2026〕88号" });
  await outcome(prosecutor, c1, { kind: "recovery", amount: 4321.5 });
  await outcome(prosecutor, c1, { kind: "recommendation", documentNo: "东检建〔2026〕9号" });
  const c2 = fresh("D", "M1");
  await act(prosecutor, c2, { action: "assign", assigneeId: prosecutor.id });
  await act(prosecutor, c2, { action: "verify" });
  await act(prosecutor, c2, { action: "dismiss", reason: "经核查已依法送达" });
  await act(cityLeader, c2, { action: "reopen", reason: "送达回证存疑，重新核查" });
  const c3 = fresh("D", "M2");
  await act(prosecutor, c3, { action: "assign", assigneeId: prosecutor.id });
  await act(prosecutor, c3, { action: "verify" });
  await act(prosecutor, c3, { action: "transfer", targetOrgId: orgId.X, comment: "行贿人户籍在西城区" });
  const [received] = await getDb()
    .select({ id: clues.id, seen: clues.firstSeenAt })
    .from(clues)
    .where(and(eq(clues.sourceClueId, c3.id), eq(clues.orgId, orgId.X)));
  const r: Known = { id: received.id, org: "X", modelId: c3.modelId, line: c3.line, seen: received.seen, received: true, events: [{ at: received.seen, action: "transferred_in", from: null, to: "new" }], status: "new", assigned: false };
  known.push(r);
  await act(multi, r, { action: "assign", assigneeId: multi.id });
  const c4 = fresh("D", "M2");
  await act(prosecutor, c4, { action: "assign", assigneeId: prosecutor.id });
  await act(prosecutor, byKey.get("D5")!, { action: "assign", assigneeId: prosecutor.id });
  await act(cityLeader, byKey.get("D10")!, { action: "reopen", reason: "案件号有误，重新核查" });
  const c5 = fresh("N", "M1");
  await act(nanhu, c5, { action: "assign", assigneeId: nanhu.id });
  await act(nanhu, c5, { action: "verify" });
  await act(nanhu, c5, { action: "confirm", caseNo: "南检监〔2026〕5号" });
  await outcome(nanhu, c5, { kind: "correction_notice", documentNo: "南检纠〔2026〕2号" });
}, 300_000);

afterAll(async () => {
  await database?.drop();
});

function now(): Date {
  return new Date();
}

describe("the known history itself", () => {
  it("the database holds exactly the clues and statuses the test knows", async () => {
    const rows = await getDb().select({ id: clues.id, status: clues.status }).from(clues);
    expect(rows).toHaveLength(known.length);
    const status = new Map(rows.map((r) => [r.id, r.status]));
    for (const c of known) expect(status.get(c.id), `clue ${c.id}`).toBe(c.status);
    // And each status-changing event the test knows is in clue_events (the triggers' input).
    const events = await getDb().select({ clueId: clueEvents.clueId }).from(clueEvents).where(inArray(clueEvents.clueId, known.map((c) => c.id)));
    const changing = known.reduce((n, c) => n + c.events.filter((e) => e.from !== null && e.from !== e.to).length, 0);
    expect(events.length).toBeGreaterThanOrEqual(changing);
  });
});

describe("hand-computed figures", () => {
  it("临江市, October 2026: KPIs, children, the floor", async () => {
    const d = await getDashboard(cityLeader, { month: "2026-10" });
    // found: D3 D5 D7 D8 D9 L1 (D2 is September's, X1 was received); triaged: D2 D3 D8 D9 X1 L1;
    // confirmed: D2 X1 D8 L1; dismissed: D1 + X2…X11; transferred: D3.
    expect.soft(d.current).toMatchObject({ found: 6, received: 1, triaged: 6, confirmed: 4, dismissed: 11, transferred: 1, reopened: 0 });
    expect.soft(d.current.conversion).toBeCloseTo(4 / 15, 9);
    expect.soft(d.current.recovered).toBeCloseTo(50000 + 20000.5 + 1000 + 300000, 2);
    // Open at 2026-11-01 00:00 +08:00: D4 D5 D7 D9 X12 L2 (D10 was 成案 then; reopened only in November).
    // Ages (found at noon of their day) 0.5, 6.5, 11.5 | 41.5, 46.5, 77.5 → median 26.5.
    expect.soft(d.current.backlog, "October backlog").toBe(6);
    expect.soft(d.current.backlogMedianDays, "October backlog median").toBe(26.5);
    const row = (k: OrgKey) => d.orgs.find((o) => o.orgId === orgId[k])!;
    expect.soft(row("D")).toMatchObject({ found: 5, received: 0, triaged: 4, confirmed: 2, dismissed: 1, transferred: 1, reopened: 0, self: false });
    expect.soft(row("D").recovered).toBeCloseTo(51000, 2);
    expect.soft(row("D").backlog, "东城区 backlog: D4 D5 D7 D9").toBe(4);
    expect.soft(row("D").backlogMedianDays, "东城区 median (6.5 + 11.5) / 2, days taken at noon").toBe(9);
    expect.soft(row("X")).toMatchObject({ found: 0, received: 1, triaged: 1, confirmed: 1, dismissed: 10, backlog: 1, backlogMedianDays: 77.5, self: false });
    expect.soft(row("X").conversion).toBeCloseTo(1 / 11, 9);
    expect.soft(row("L")).toMatchObject({ name: `${ORGS.linjiang}（本院）`, self: true, found: 1, triaged: 1, confirmed: 1, conversion: 1, recovered: 300000, backlog: 1, backlogMedianDays: 41.5 });
    expect.soft(d.orgs).toHaveLength(3);
    expect.soft(d.belowFloor.map((o) => o.name)).toEqual([ORGS.xicheng]);
    // September: found D2 D4 D10 X2…X11 L2; triaged D4 (not its reassignment) D10 X2…X11; D10 confirmed; D6 transferred out; D1 reopened.
    expect.soft(d.previous).toMatchObject({ found: 14, received: 0, triaged: 12, confirmed: 1, dismissed: 0, transferred: 1, reopened: 1, conversion: 1, recovered: 0 });
    // Open at 2026-10-01 00:00 +08:00: D1 (reopened) D2 D4 X2…X11 X12 L2 = 15, median X8's 24.583.
    expect.soft(d.previous.backlog, "September backlog").toBe(15);
    expect.soft(d.previous.backlogMedianDays, "September backlog median").toBe(24.5);
  });

  it("江南省, October 2026: totals, cities, outcomes by kind, per model and line", async () => {
    const d = await getDashboard(leader, { month: "2026-10" });
    expect.soft(d.current).toMatchObject({ found: 17, received: 1, triaged: 16, confirmed: 5, dismissed: 20, transferred: 1, reopened: 0, conversion: 0.2 });
    expect.soft(d.current.recovered).toBeCloseTo(379889.38, 2);
    // + N11 (since July) and B1: ages 0.007 6.583 11.667 13.583 | 41.583 46.583 77.583 103.583.
    expect.soft(d.current.backlog, "October backlog").toBe(8);
    expect.soft(d.current.backlogMedianDays, "October backlog median").toBe(27.5);
    const byName = new Map(d.orgs.map((o) => [o.name, o]));
    expect.soft([...byName.keys()].sort()).toEqual([ORGS.linjiang, ORGS.qingshan, `${ORGS.province}（本院）`].sort());
    expect.soft(byName.get(ORGS.qingshan)).toMatchObject({ found: 11, triaged: 10, confirmed: 1, dismissed: 9, backlog: 2 });
    expect.soft(byName.get(ORGS.qingshan)?.conversion).toBeCloseTo(0.1, 9);
    expect.soft(byName.get(`${ORGS.province}（本院）`)).toMatchObject({ self: true, found: 0, conversion: null, recovered: 0, backlog: 0, backlogMedianDays: null });
    expect.soft(d.belowFloor).toEqual([]);
    const kinds = Object.fromEntries(d.outcomes.map((o) => [o.kind, o]));
    expect.soft(Object.keys(kinds).sort()).toEqual(["protest", "recommendation", "recovery", "rectification"]);
    expect.soft(kinds.recovery?.count).toBe(5);
    expect.soft(kinds.recovery?.amount).toBeCloseTo(379889.38, 2);
    expect.soft(d.outcomes[0]?.kind).toBe("recovery");
    const lines = Object.fromEntries(d.byBusinessLine.map((l) => [l.line, l]));
    // criminal: D2? no — found in Oct: D3 D8 D9 N1 N2…N10; received X1.
    expect.soft(lines.criminal).toMatchObject({ found: 13, received: 1, confirmed: 4, dismissed: 10, transferred: 1 });
    expect.soft(lines.civil).toMatchObject({ found: 2, confirmed: 1 });
    expect.soft(lines.public_interest).toMatchObject({ found: 2 });
    expect.soft(lines.administrative).toMatchObject({ found: 0, dismissed: 10 });
    const m1 = d.byModel.find((m) => m.modelId === modelId.M1);
    expect.soft(m1).toMatchObject({ found: 3, confirmed: 3, dismissed: 1, adopters: 2 });
    expect.soft(m1?.recovered).toBeCloseTo(50000 + 1000 + 8888.88, 2);
    expect.soft(d.byModel.find((m) => m.modelId === modelId.M2)).toMatchObject({ found: 10, received: 1, confirmed: 1, dismissed: 9, transferred: 1, adopters: 1 });
    expect.soft(d.byModel.find((m) => m.modelId === modelId.M3)).toMatchObject({ found: 2, adopters: 0 });
  });

  it("a clue closed at a month's end and reopened later is not in that month's backlog (东城区)", async () => {
    const at = async (month: string) => (await getDashboard(cityLeader, { month, org: orgId.D })).current.backlog;
    // Aug's end: D6 (已分派). D1 was 成案 from 08-20 until its reopening on 09-10.
    expect.soft(await at("2026-08"), "backlog at 2026-09-01 00:00 +08:00").toBe(1);
    // Sep's end: D1 (reopened) D2 D4. D10 was 成案 on 09-25 and reopened only this month.
    expect.soft(await at("2026-09"), "backlog at 2026-10-01 00:00 +08:00").toBe(3);
    // Oct's end: D4 D5 D7 D9 (D10 still 成案 then).
    expect.soft(await at("2026-10"), "backlog at 2026-11-01 00:00 +08:00").toBe(4);
  });

  it("东城区, this month: the real triage path lands in the current month", async () => {
    const d = await getDashboard(cityLeader, { month: currentMonth, org: orgId.D });
    expect(d.month).toBe(currentMonth);
    const nov = currentMonth === "2026-11";
    // C1 C2 C3 C4 and D5 assigned; C1 confirmed; C2 (and D9 on Nov 1 00:05) dismissed; C3 transferred; C2 and D10 reopened.
    expect.soft(d.current).toMatchObject({ found: runClueCount.D, received: 0, triaged: 5, confirmed: 1, dismissed: nov ? 2 : 1, transferred: 1, reopened: 2 });
    expect.soft(d.current.recovered).toBeCloseTo(4321.5 + (nov ? 7 : 0), 2);
    expect.soft(d.orgs.map((o) => o.self)).toEqual([true]);
    const x = await getDashboard(cityLeader, { month: currentMonth, org: orgId.X });
    expect.soft(x.current).toMatchObject({ found: 0, received: 1, triaged: 1, confirmed: 0 });
  });
});

describe("every figure against the model of the history", () => {
  const views: { label: string; actor: () => Actor; view: OrgKey; org?: OrgKey; month: () => string | undefined; expectMonth?: () => string }[] = [
    { label: "province 2026-10", actor: () => leader, view: "P", month: () => "2026-10" },
    { label: "province 2026-09", actor: () => leader, view: "P", month: () => "2026-09" },
    { label: "province 2026-08", actor: () => leader, view: "P", month: () => "2026-08" },
    { label: "province current month", actor: () => leader, view: "P", month: () => currentMonth },
    { label: "临江市 2026-10", actor: () => cityLeader, view: "L", month: () => "2026-10" },
    { label: "临江市 2026-09", actor: () => cityLeader, view: "L", month: () => "2026-09" },
    { label: "临江市 current month", actor: () => cityLeader, view: "L", month: () => currentMonth },
    { label: "临江市 default (last full month)", actor: () => cityLeader, view: "L", month: () => undefined, expectMonth: () => shiftMonth(currentMonth, -1) },
    { label: "东城区 2026-10 (city leader)", actor: () => cityLeader, view: "D", org: "D", month: () => "2026-10" },
    { label: "东城区 current month (province leader)", actor: () => leader, view: "D", org: "D", month: () => currentMonth },
    { label: "西城区 2026-10", actor: () => leader, view: "X", org: "X", month: () => "2026-10" },
    { label: "青山市 2026-10 (its admin+leader)", actor: () => qingshanLeader, view: "Q", month: () => "2026-10" },
    { label: "南湖区 current month", actor: () => qingshanLeader, view: "N", org: "N", month: () => currentMonth },
  ];
  for (const v of views) {
    it(v.label, async () => {
      const month = v.month();
      const input: Record<string, string> = {};
      if (month) input.month = month;
      if (v.org) input.org = orgId[v.org];
      const at = now();
      const actual = await getDashboard(v.actor(), input);
      const m = month ?? v.expectMonth!();
      checkDashboard(v.label, actual, expectedDashboard(v.view, m, at), m === currentMonth ? 0.01 : 0);
    });
  }
});

describe("who may see what", () => {
  it("a city leader asking for a district of another city: 404", async () => {
    await expect(getDashboard(cityLeader, { month: "2026-10", org: orgId.N })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDashboard(cityLeader, { org: orgId.Q })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDashboard(cityLeader, { org: orgId.P })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDashboard(qingshanLeader, { org: orgId.D })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("prosecutors have no statistics: 403", async () => {
    for (const actor of [prosecutor, nanhu, multi]) await expect(getDashboard(actor, { month: "2026-10" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a bad month or org is refused in Chinese", async () => {
    for (const month of ["2026-13", "2026-00", "2026-1", "October"]) {
      const error = await getDashboard(leader, { month }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, month).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/月份格式应为 YYYY-MM/);
      expect((error as ValidationError).issues).toEqual([{ path: "month", message: "月份格式应为 YYYY-MM" }]);
      // The summary names the field in Chinese too, not as "month".
      expect.soft((error as ValidationError).message, "field label").not.toMatch(/[A-Za-z]+：/);
    }
    const bad = await getDashboard(leader, { org: "not-a-uuid" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).message).toMatch(/院标识无效/);
  });
});
