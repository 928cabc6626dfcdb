// Demo history: twelve full months of clues, triage and outcomes for three districts, written
// straight into the tables with their past times, so the statistics page has a year to show on the
// first start. The statement triggers on clues and clue_events keep clue_tallies and clue_flows
// right, so every row is INSERTed with its final values (first_seen_at and `at` are never updated).
// Deterministic for a given day (lib/synthetic/prng); does nothing once history is there.
import type { Sql } from "postgres";
import { clueKey } from "../lib/clues/key";
import { OUTCOME_KIND_LABELS } from "../lib/clues/labels";
import { addDays, addMonths, chinaDay, chinaDayStart, chinaToday, firstDayOfMonth, lastDayOfMonth } from "../lib/calendar/china-date";
import { Rng } from "../lib/synthetic/prng";
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from "../lib/synthetic/vocab";
import { getSql } from "./client";
import { VERIFY_NOTES, AGENCIES, CONFIRM_NOTES, DISMISS_REASONS, REOPEN_REASONS, OUTCOME_WEIGHTS, MONEY_OUTCOME_WEIGHTS, MONEY_MODELS, OUTCOME_DOCS } from "./seed-history-vocab";
import type { ClueStatus, OutcomeKind } from "./schema";

const SEED = 20240601;
const MONTHS = 12;
/** The provinces' floor for 成案率 (lib/stats/dashboard CONVERSION_FLOOR). */
const FLOOR = 0.1;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface OrgCharacter {
  name: string;
  short: string;
  city: string;
  /** Prefix of its documents: 东检监〔2026〕123号. */
  doc: string;
  prosecutor: string;
  leader: string;
  /** Share of confirmed among confirmed + dismissed. */
  conversion: number;
  /** Clues a month a year ago, and the monthly growth since. */
  base: number;
  slope: number;
  /** Model key → weight: what this district's data and habits turn up. */
  weights: Record<string, number>;
}

const ORGS: OrgCharacter[] = [
  {
    name: "临江市东城区人民检察院", short: "东城区", city: "临江市", doc: "东检", prosecutor: "prosecutor", leader: "city_leader", conversion: 0.35, base: 24, slope: 1.3,
    weights: { drunk_driving_licence_valid: 22, community_correction_lapsed: 18, pretrial_release_not_delivered: 15, outpatient_during_inpatient_stay: 12, repeated_vehicle_claims: 10, company_served_by_public_notice: 9, false_litigation_private_lending: 6, bribe_givers_not_prosecuted: 4 },
  },
  {
    name: "临江市西城区人民检察院", short: "西城区", city: "临江市", doc: "西检", prosecutor: "multi", leader: "city_leader", conversion: 0.2, base: 17, slope: 0.9,
    weights: { company_served_by_public_notice: 20, repeated_vehicle_claims: 16, false_litigation_private_lending: 14, drunk_driving_licence_valid: 14, outpatient_during_inpatient_stay: 10, community_correction_lapsed: 10, pretrial_release_not_delivered: 8, bribe_givers_not_prosecuted: 3 },
  },
  {
    name: "青山市南湖区人民检察院", short: "南湖区", city: "青山市", doc: "南检", prosecutor: "prosecutor_nanhu", leader: "admin_qingshan", conversion: 0.07, base: 20, slope: 1.1,
    weights: { outpatient_during_inpatient_stay: 26, drunk_driving_licence_valid: 16, repeated_vehicle_claims: 14, community_correction_lapsed: 14, pretrial_release_not_delivered: 10, company_served_by_public_notice: 8, false_litigation_private_lending: 5, bribe_givers_not_prosecuted: 2 },
  },
];


type Action = "assign" | "verify" | "confirm" | "dismiss" | "transfer" | "reopen" | "outcome";

interface PlannedEvent {
  at: number;
  action: Action;
  from: ClueStatus | null;
  to: ClueStatus | null;
  comment: string | null;
  detail: Record<string, unknown>;
  byLeader?: boolean;
}

interface PlannedOutcome {
  at: number;
  kind: OutcomeKind;
  amount: number | null;
  feedbackDate: string | null;
  documentNo: string | null;
  note: string | null;
}

interface Person {
  id: string;
  name: string;
}

interface OrgContext extends OrgCharacter {
  id: string;
  actor: Person;
  leaderActor: Person | null;
}

interface ModelContext {
  id: string;
  key: string;
  versionId: string;
  businessLine: string;
  subjectKind: string;
}

interface Template {
  title: string;
  subject_kind: string;
  subject_name: string | null;
  subject_id: string | null;
  evidence: Record<string, unknown>;
}

interface PlannedClue {
  org: OrgContext;
  model: ModelContext;
  /** The stored key: clueKey of a JSON array that starts with "历史" (never a rule's key). */
  dedupKey: string;
  foundAt: number;
  template: Template;
  events: PlannedEvent[];
  outcomes: PlannedOutcome[];
  caseNo: string | null;
  /** A closure still to be decided confirm or dismiss (by the month's quota). */
  pendingClose: number | null;
}

export interface HistoryCounts {
  clues: number;
  events: number;
  outcomes: number;
}

const chinaDayOf = (ms: number): string => chinaDay(new Date(ms));
const chinaInstant = (day: string, minutes: number): number => Date.parse(chinaDayStart(day)) + minutes * 60_000;

/** A working-hours moment `minDays`–`maxDays` after `after` (weekends mostly moved to Monday). */
function workStep(rng: Rng, after: number, minDays: number, maxDays: number): number {
  let day = addDays(chinaDayOf(after), rng.int(minDays, maxDays));
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if ((weekday === 0 || weekday === 6) && !rng.chance(0.15)) day = addDays(day, weekday === 6 ? 2 : 1);
  const at = chinaInstant(day, rng.int(8 * 60 + 30, 17 * 60 + 30));
  return at > after ? at : after + rng.int(10, 120) * 60_000;
}

function fallbackTemplate(rng: Rng, model: ModelContext, n: number): Template {
  const name = rng.weighted(SURNAMES) + rng.pick(rng.chance(0.7) ? MALE_GIVEN : FEMALE_GIVEN) + (rng.chance(0.6) ? rng.pick(MALE_GIVEN) : "");
  const year = 2020 + rng.int(2, 5);
  const titles: Record<string, string> = {
    pretrial_release_not_delivered: `${name}判处实刑未交付执行（（${year}）刑初${n}号）`,
    bribe_givers_not_prosecuted: `行贿人${name}未被追诉（受贿案（${year}）刑初${n}号）`,
    company_served_by_public_notice: `${name}贸易有限公司被公告送达（（${year}）民初${n}号）`,
    false_litigation_private_lending: `${name}一年内民间借贷诉讼频繁且多以调解、缺席判决结案`,
    outpatient_during_inpatient_stay: `${name}住院期间在异地医院门诊结算（MZ${year}${String(n).padStart(6, "0")}）`,
    repeated_vehicle_claims: `车辆${name}名下机动车30日内重复理赔`,
    drunk_driving_licence_valid: `${name}醉驾判刑后驾驶证未吊销（（${year}）刑初${n}号）`,
    community_correction_lapsed: `社区矫正人员${name}脱管或再犯罪`,
  };
  return { title: titles[model.key] ?? `${name}相关监督线索`, subject_kind: model.subjectKind, subject_name: name, subject_id: null, evidence: {} };
}

/** The triage of one clue up to its first closure (left pending: confirm or dismiss comes from the quota). */
function lifecycle(rng: Rng, clue: PlannedClue, monthsAgo: number, now: number): void {
  const { org, model } = clue;
  const [stallVerify, stallClose] = monthsAgo === 1 ? [0.12, 0.35] : monthsAgo === 2 ? [0.04, 0.15] : [0, 0];
  if (!rng.chance(0.92)) return;
  const assigned = workStep(rng, clue.foundAt, 0, 4);
  if (assigned >= now) return;
  clue.events.push({ at: assigned, action: "assign", from: "new", to: "assigned", comment: null, detail: { assigneeName: org.actor.name } });
  if (rng.chance(stallVerify)) return;
  const verifying = workStep(rng, assigned, 1, 6);
  if (verifying >= now) return;
  clue.events.push({ at: verifying, action: "verify", from: "assigned", to: "verifying", comment: VERIFY_NOTES[model.key] ?? "已调取相关材料", detail: {} });
  if (!rng.chance(0.85) || rng.chance(stallClose)) return;
  const closed = workStep(rng, verifying, 3, 30);
  if (closed >= now) return;
  if (rng.chance(0.035)) {
    const agency = `${org.city}${AGENCIES[model.key] ?? "公安局"}`;
    clue.events.push({ at: closed, action: "transfer", from: "verifying", to: "transferred", comment: "涉嫌违法犯罪，移送有关机关依法处理", detail: { agency } });
  } else {
    clue.pendingClose = closed;
  }
}

/** Confirm or dismiss each month's closures so that the org's 成案率 is about its character. */
function decideClosures(clues: PlannedClue[]): void {
  const groups = new Map<string, PlannedClue[]>();
  for (const c of clues) {
    if (c.pendingClose === null) continue;
    const key = `${c.org.short}|${chinaDayOf(c.pendingClose).slice(0, 7)}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    const rng = new Rng(SEED, `history/quota/${key}`);
    const rate = group[0].org.conversion;
    let confirmed = Math.round(group.length * rate * (0.85 + 0.3 * rng.float()));
    if (rate < FLOOR) confirmed = Math.min(confirmed, Math.ceil(group.length * FLOOR) - 1);
    const order = group.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    order.forEach((index, rank) => {
      const c = group[index];
      const at = c.pendingClose!;
      c.pendingClose = null;
      if (rank < Math.max(0, confirmed)) c.events.push({ at, action: "confirm", from: "verifying", to: "confirmed", comment: rng.pick(CONFIRM_NOTES), detail: {} });
      else {
        const reason = rng.pick(DISMISS_REASONS);
        c.events.push({ at, action: "dismiss", from: "verifying", to: "dismissed", comment: reason, detail: {} });
      }
    });
  }
}

/** A few older confirmed clues reopened by a leader and closed again; outcomes on confirmed ones. */
function afterClosure(rng: Rng, clue: PlannedClue, now: number): void {
  const last = clue.events.at(-1);
  if (last?.action === "confirm" && clue.org.leaderActor && last.at < now - 120 * DAY && rng.chance(0.06)) {
    const reopened = workStep(rng, last.at, 10, 60);
    if (reopened < now) {
      clue.events.push({ at: reopened, action: "reopen", from: "confirmed", to: "verifying", comment: rng.pick(REOPEN_REASONS), detail: {}, byLeader: true });
      const again = workStep(rng, reopened, 5, 25);
      // An org below the floor is not lifted above it by a re-confirmation.
      const reconfirm = clue.org.conversion >= FLOOR && rng.chance(0.6);
      if (again < now && reconfirm) clue.events.push({ at: again, action: "confirm", from: "verifying", to: "confirmed", comment: "补充核查后维持成案", detail: {} });
      else if (again < now) clue.events.push({ at: again, action: "dismiss", from: "verifying", to: "dismissed", comment: "补充核查后认定证据不足，不予成案", detail: {} });
    }
  }
  const final = clue.events.at(-1);
  if (final?.action !== "confirm" || !rng.chance(0.8)) return;
  let at = final.at;
  const count = rng.chance(0.25) ? 2 : 1;
  for (let i = 0; i < count; i++) {
    at = workStep(rng, at, i === 0 ? 3 : 10, i === 0 ? 40 : 60);
    if (at >= now) return;
    const kind = i === 1 && rng.chance(0.6) ? "rectification" : rng.weighted(MONEY_MODELS.has(clue.model.key) ? MONEY_OUTCOME_WEIGHTS : OUTCOME_WEIGHTS);
    const amount = kind === "recovery" ? Math.round(rng.logUniform(5_000, 800_000) * 100) / 100 : null;
    const feedbackDate = kind === "rectification" ? addDays(chinaDayOf(at), -rng.int(0, 5)) : null;
    const note = kind === "recovery" ? "追缴违法所得及损失" : kind === "rectification" ? "被建议单位书面回复已整改到位" : null;
    clue.outcomes.push({ at, kind, amount, feedbackDate, documentNo: null, note });
  }
}

/** Case and document numbers, in time order per org and year (other cases take numbers between). */
function assignNumbers(clues: PlannedClue[]): void {
  const rng = new Rng(SEED, "history/numbers");
  const counters = new Map<string, number>();
  const next = (key: string, start: number): number => {
    const n = (counters.get(key) ?? start) + rng.int(1, 3);
    counters.set(key, n);
    return n;
  };
  const firstConfirms = clues
    .map((c) => ({ c, e: c.events.find((e) => e.action === "confirm") }))
    .filter((x): x is { c: PlannedClue; e: PlannedEvent } => x.e !== undefined)
    .sort((a, b) => a.e.at - b.e.at);
  for (const { c, e } of firstConfirms) {
    const year = chinaDayOf(e.at).slice(0, 4);
    c.caseNo = `${c.org.doc}监〔${year}〕${next(`${c.org.short}|${year}`, 100)}号`;
  }
  for (const c of clues) for (const e of c.events) if (e.action === "confirm") e.detail = { caseNo: c.caseNo };
  const outcomes = clues.flatMap((c) => c.outcomes.map((o) => ({ c, o }))).sort((a, b) => a.o.at - b.o.at);
  for (const { c, o } of outcomes) {
    const doc = OUTCOME_DOCS[o.kind];
    const year = chinaDayOf(o.at).slice(0, 4);
    if (doc) o.documentNo = `${c.org.doc}${doc}〔${year}〕${next(`${c.org.short}|${doc}|${year}`, 10)}号`;
  }
}

function plan(orgs: OrgContext[], models: ModelContext[], templates: Map<string, Template[]>, today: string, now: number): PlannedClue[] {
  const current = today.slice(0, 7);
  const clues: PlannedClue[] = [];
  for (const org of orgs) {
    const rng = new Rng(SEED, `history/${org.short}`);
    const weights = models.map((m) => [m, org.weights[m.key] ?? 5] as const);
    for (let i = 0; i < MONTHS; i++) {
      const monthsAgo = MONTHS - i;
      const month = addMonths(current, -monthsAgo);
      const days = Number(lastDayOfMonth(month).slice(8));
      const count = Math.min(45, Math.max(15, Math.round(org.base + org.slope * i + rng.int(-4, 4))));
      for (let n = 1; n <= count; n++) {
        const model = rng.weighted(weights);
        const day = addDays(firstDayOfMonth(month), rng.int(0, days - 1));
        // Most clues come from the nightly scheduled runs, the rest from runs started by hand.
        const minutes = rng.chance(0.7) ? rng.int(120, 179) : rng.int(9 * 60, 17 * 60 + 30);
        const pool = templates.get(model.id) ?? [];
        const clue: PlannedClue = {
          org,
          model,
          dedupKey: clueKey(JSON.stringify(["历史", org.short, month, n])),
          foundAt: Math.min(chinaInstant(day, minutes), now - HOUR),
          template: pool.length > 0 ? rng.pick(pool) : fallbackTemplate(rng, model, n),
          events: [],
          outcomes: [],
          caseNo: null,
          pendingClose: null,
        };
        lifecycle(rng, clue, monthsAgo, now);
        clues.push(clue);
      }
    }
  }
  decideClosures(clues);
  for (const org of orgs) {
    const rng = new Rng(SEED, `history/after/${org.short}`);
    for (const clue of clues) if (clue.org === org) afterClosure(rng, clue, now);
  }
  assignNumbers(clues);
  return clues;
}

/** The clue row's triage columns, as the last of its events left them. */
function finalState(c: PlannedClue) {
  let status: ClueStatus = "new";
  let changedAt = c.foundAt;
  let closedAt: number | null = null;
  for (const e of c.events) {
    if (!e.to || e.to === e.from) continue;
    status = e.to;
    changedAt = e.at;
    closedAt = status === "confirmed" || status === "dismissed" || status === "transferred" ? e.at : null;
  }
  const last = (action: Action) => c.events.filter((e) => e.action === action).at(-1);
  return {
    status,
    assignee_id: c.events.some((e) => e.action === "assign") ? c.org.actor.id : null,
    case_no: status === "confirmed" ? c.caseNo : null,
    dismiss_reason: status === "dismissed" ? (last("dismiss")?.comment ?? null) : null,
    transfer_agency: status === "transferred" ? String(last("transfer")?.detail.agency) : null,
    status_changed_at: new Date(changedAt).toISOString(),
    closed_at: closedAt === null ? null : new Date(closedAt).toISOString(),
  };
}

function chunks<T>(rows: T[], size = 1000): T[][] {
  return Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
}

async function write(sql: Sql, clues: PlannedClue[]): Promise<HistoryCounts> {
  const ids = new Map<string, number>();
  for (const part of chunks(clues)) {
    const rows = part.map((c) => ({
      org_id: c.org.id,
      model_id: c.model.id,
      model_version_id: c.model.versionId,
      dedup_key: c.dedupKey,
      title: c.template.title,
      subject_kind: c.template.subject_kind,
      subject_name: c.template.subject_name,
      subject_id: c.template.subject_id,
      evidence: JSON.stringify(c.template.evidence),
      business_line: c.model.businessLine,
      first_run_id: null,
      first_seen_at: new Date(c.foundAt).toISOString(),
      streak_start: 0,
      prior_hits: 0,
      missing_since: 1,
      ...finalState(c),
    }));
    const inserted = await sql<{ id: string; dedup_key: string }[]>`insert into clues ${sql(rows)} returning id, dedup_key`;
    for (const r of inserted) ids.set(r.dedup_key, Number(r.id));
  }

  const events = clues
    .flatMap((c) => [
      ...c.events.map((e) => ({ c, ...e })),
      ...c.outcomes.map((o) => ({
        c, at: o.at, action: "outcome" as const, from: null, to: null, comment: o.note, byLeader: false,
        detail: { kind: o.kind, label: OUTCOME_KIND_LABELS[o.kind], amount: o.amount, feedbackDate: o.feedbackDate, documentNo: o.documentNo },
      })),
    ])
    .sort((a, b) => a.at - b.at);
  for (const part of chunks(events)) {
    const rows = part.map((e) => {
      const actor = e.byLeader && e.c.org.leaderActor ? e.c.org.leaderActor : e.c.org.actor;
      return {
        clue_id: ids.get(e.c.dedupKey)!,
        org_id: e.c.org.id,
        at: new Date(e.at).toISOString(),
        actor_id: actor.id,
        actor_name: actor.name,
        action: e.action,
        from_status: e.from,
        to_status: e.to,
        comment: e.comment,
        detail: JSON.stringify(e.detail),
      };
    });
    await sql`insert into clue_events ${sql(rows)}`;
  }

  const outcomes = clues.flatMap((c) => c.outcomes.map((o) => ({ c, o }))).sort((a, b) => a.o.at - b.o.at);
  for (const part of chunks(outcomes)) {
    const rows = part.map(({ c, o }) => ({
      clue_id: ids.get(c.dedupKey)!,
      org_id: c.org.id,
      kind: o.kind,
      amount: o.amount,
      feedback_date: o.feedbackDate,
      document_no: o.documentNo,
      note: o.note,
      created_by_id: c.org.actor.id,
      created_by_name: c.org.actor.name,
      created_at: new Date(o.at).toISOString(),
    }));
    await sql`insert into clue_outcomes ${sql(rows)}`;
  }
  return { clues: clues.length, events: events.length, outcomes: outcomes.length };
}

async function loadContext(sql: Sql): Promise<{ orgs: OrgContext[]; models: ModelContext[]; templates: Map<string, Template[]> }> {
  const orgRows = await sql<{ id: string; name: string }[]>`select id::text, name from orgs where name in ${sql(ORGS.map((o) => o.name))}`;
  const usernames = [...new Set(ORGS.flatMap((o) => [o.prosecutor, o.leader]))];
  const userRows = await sql<{ id: string; username: string; name: string; org_id: string }[]>`
    select id::text, username, name, org_id::text from users where username in ${sql(usernames)} and not disabled`;
  const orgs: OrgContext[] = [];
  for (const character of ORGS) {
    const org = orgRows.find((o) => o.name === character.name);
    const actor = userRows.find((u) => u.username === character.prosecutor && u.org_id === org?.id);
    if (!org || !actor) continue;
    const leader = userRows.find((u) => u.username === character.leader);
    orgs.push({ ...character, id: org.id, actor: { id: actor.id, name: actor.name }, leaderActor: leader ? { id: leader.id, name: leader.name } : null });
  }
  const models = await sql<{ id: string; key: string; versionId: string; businessLine: string; subjectKind: string }[]>`
    select m.id::text, m.key, v.id::text as "versionId", m.business_line as "businessLine",
           coalesce(v.definition #>> '{clue,subject,kind}', 'person') as "subjectKind"
    from models m
    join lateral (select id, definition from model_versions where model_id = m.id and status = 'published' order by version desc limit 1) v on true
    where m.builtin order by m.key`;
  const templateRows = await sql<(Template & { model_id: string })[]>`
    select model_id::text, title, subject_kind, subject_name, subject_id, evidence from (
      select c.*, row_number() over (partition by c.model_id order by c.id) as rn
      from clues c where c.first_run_id is not null) t
    where rn <= 80 order by model_id, rn`;
  const templates = new Map<string, Template[]>();
  for (const { model_id, ...t } of templateRows) templates.set(model_id, [...(templates.get(model_id) ?? []), t]);
  return { orgs, models: [...models], templates };
}

/**
 * Inserts twelve full months (before the current China month) of clues found by old runs in
 * 东城区, 西城区 and 南湖区, worked through triage by each district's prosecutor, with outcomes.
 * Skips when history is already there, or when the orgs, users or built-in models are missing.
 */
export async function seedDemoHistory(): Promise<HistoryCounts> {
  const sql = getSql();
  // History clues are the only ones no run found and no transfer created.
  const [existing] = await sql`select 1 from clues where first_run_id is null and source_clue_id is null limit 1`;
  if (existing) return { clues: 0, events: 0, outcomes: 0 };
  const { orgs, models, templates } = await loadContext(sql);
  if (orgs.length === 0 || models.length === 0) return { clues: 0, events: 0, outcomes: 0 };
  // Everything strictly in the past, a little before the clues the seed's runs found just now.
  const now = Date.now() - 10 * 60_000;
  const clues = plan(orgs, models, templates, chinaToday(), now);
  return sql.begin((tx) => write(tx as unknown as Sql, clues));
}
