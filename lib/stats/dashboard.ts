import "server-only";
import { getSql } from "@/db/client";
import type { OutcomeKind } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { codeLabel } from "../code-lists/kinds";
import { codeLabels } from "../code-lists/queries";
import { getOrg } from "../orgs/queries";
import { backlogAt, type BacklogRow } from "./backlog";
import { parseInput } from "../validation";
import { addMonths, firstDayOfMonth, monthBounds, type Month } from "../calendar/china-date";
import { lastFullMonth, trailingMonths, ZStatsQuery } from "./period";

/** The provinces' floor for 成案率 (confirmed ÷ (confirmed + dismissed)). */
export const CONVERSION_FLOOR = 0.1;

export interface Flow {
  found: number;
  received: number;
  triaged: number;
  confirmed: number;
  dismissed: number;
  transferred: number;
  reopened: number;
}

export interface Kpis extends Flow {
  /** confirmed ÷ (confirmed + dismissed); null when nothing was concluded. */
  conversion: number | null;
  recovered: number;
  backlog: number;
  backlogMedianDays: number | null;
}

export interface OrgRow extends Kpis {
  orgId: string;
  name: string;
  /** The chosen org's own clues (not those of the orgs below). */
  self: boolean;
}

export interface ModelRow extends Flow {
  modelId: string;
  name: string;
  conversion: number | null;
  recovered: number;
  /** Orgs of the subtree that have run the model. */
  adopters: number;
}

export interface Dashboard {
  month: Month;
  org: { id: string; name: string; level: string; path: string };
  current: Kpis;
  previous: Kpis;
  trend: ({ month: Month } & Flow)[];
  byModel: ModelRow[];
  /** `label` is the line's Chinese name from the 业务条线 list (the code when the list lacks it). */
  byBusinessLine: ({ line: string; label: string } & Flow)[];
  outcomes: { kind: OutcomeKind; count: number; amount: number }[];
  orgs: OrgRow[];
  belowFloor: OrgRow[];
}

const EMPTY_FLOW: Flow = { found: 0, received: 0, triaged: 0, confirmed: 0, dismissed: 0, transferred: 0, reopened: 0 };
const FLOW_KEYS = Object.keys(EMPTY_FLOW) as (keyof Flow)[];

export function conversionOf(f: Pick<Flow, "confirmed" | "dismissed">): number | null {
  const closed = f.confirmed + f.dismissed;
  return closed === 0 ? null : f.confirmed / closed;
}

type FlowRow = { key: string } & Record<keyof Flow, number>;

const FLOW_SUMS = `sum(found)::int as found, sum(received)::int as received, sum(triaged)::int as triaged, sum(confirmed)::int as confirmed,
  sum(dismissed)::int as dismissed, sum(transferred)::int as transferred, sum(reopened)::int as reopened`;

function toFlow(row: Partial<Record<keyof Flow, number>> | undefined): Flow {
  const flow = { ...EMPTY_FLOW };
  for (const k of FLOW_KEYS) flow[k] = Number(row?.[k] ?? 0);
  return flow;
}

/** The subtree's org ids; and, for each org, the chosen org's child it rolls up to ('self' for the chosen one). */
function childKey(pathColumn: string, chosenPath: string): string {
  const len = chosenPath.length;
  return `(case when ${pathColumn} = '${chosenPath.replace(/'/g, "''")}' then 'self' else split_part(substr(${pathColumn}, ${len + 1}), '/', 1) end)`;
}

async function flowsBy(dimension: "month" | "model" | "line" | "child", path: string, from: string, to: string): Promise<FlowRow[]> {
  const key =
    dimension === "month" ? "to_char(f.month, 'YYYY-MM')"
    : dimension === "model" ? "f.model_id::text"
    : dimension === "line" ? "f.business_line"
    : childKey("o.path", path);
  return getSql().unsafe<FlowRow[]>(
    `select ${key} as key, ${FLOW_SUMS} from clue_flows f join orgs o on o.id = f.org_id
     where o.path like $1 and f.month >= $2::date and f.month <= $3::date group by 1`,
    [`${path}%`, from, to],
  );
}

interface OutcomeRow {
  kind: OutcomeKind;
  current: boolean;
  model_id: string;
  child: string;
  n: number;
  amount: number;
}

async function outcomeRows(path: string, month: Month): Promise<OutcomeRow[]> {
  const { start, end } = monthBounds(month);
  const prevStart = monthBounds(addMonths(month, -1)).start;
  return getSql().unsafe<OutcomeRow[]>(
    `select o.kind, o.created_at >= $2::timestamptz as current, c.model_id::text as model_id, ${childKey("g.path", path)} as child,
            count(*)::int as n, coalesce(sum(o.amount), 0)::float8 as amount
     from clue_outcomes o join clues c on c.id = o.clue_id join orgs g on g.id = o.org_id
     where g.path like $1 and o.created_at >= $3::timestamptz and o.created_at < $4::timestamptz
     group by 1, 2, 3, 4`,
    [`${path}%`, start, prevStart, end],
  );
}

function kpis(flow: Flow, recovered: number, backlog: BacklogRow | undefined): Kpis {
  return { ...flow, conversion: conversionOf(flow), recovered, backlog: backlog?.n ?? 0, backlogMedianDays: backlog?.median_days === null || backlog?.median_days === undefined ? null : Math.round(backlog.median_days * 10) / 10 };
}

/** The 12-month trend alone (the bench times it apart from the whole dashboard). */
export async function getTrend(actor: Actor, input: unknown = {}): Promise<({ month: Month } & Flow)[]> {
  requirePermission(actor, "stats.read");
  const query = parseInput(ZStatsQuery, input ?? {});
  const org = await getOrg(actor, query.org ?? actor.orgId, "stats.read");
  const months = trailingMonths(query.month ?? lastFullMonth(), 12);
  const rows = await flowsBy("month", org.path, firstDayOfMonth(months[0]), firstDayOfMonth(months[months.length - 1]));
  return months.map((m) => ({ month: m, ...toFlow(rows.find((r) => r.key === m)) }));
}

/** STATS_TIMINGS=1 logs each query's time (for the bench's diagnosis). */
function timed<T>(name: string, promise: Promise<T>): Promise<T> {
  if (!process.env.STATS_TIMINGS) return promise;
  const started = performance.now();
  return promise.then((v) => {
    console.log(`[stats] ${name} ${(performance.now() - started).toFixed(1)} ms`);
    return v;
  });
}

/** Everything the 统计 page shows for one month and one org's subtree, in one call. */
export async function getDashboard(actor: Actor, input: unknown = {}): Promise<Dashboard> {
  requirePermission(actor, "stats.read");
  const query = parseInput(ZStatsQuery, input ?? {});
  const org = await getOrg(actor, query.org ?? actor.orgId, "stats.read");
  const month = query.month ?? lastFullMonth();
  const previousMonth = addMonths(month, -1);
  const months = trailingMonths(month, 12);
  const sql = getSql();
  const subtree = await sql<{ id: string; path: string }[]>`select id::text, path from orgs where path like ${`${org.path}%`}`;
  const childByOrg = new Map(subtree.map((o) => [o.id, o.path === org.path ? "self" : o.path.slice(org.path.length).split("/")[0]]));
  const childOf = (orgId: string): string => childByOrg.get(orgId) ?? "self";
  const [byMonth, byModel, byLine, byChild, outcomes, backlogs, children, modelNames, adopters, lines] = await Promise.all([
    timed("flows by month", flowsBy("month", org.path, firstDayOfMonth(months[0]), firstDayOfMonth(month))),
    timed("flows by model", flowsBy("model", org.path, firstDayOfMonth(month), firstDayOfMonth(month))),
    timed("flows by line", flowsBy("line", org.path, firstDayOfMonth(month), firstDayOfMonth(month))),
    timed("flows by child", flowsBy("child", org.path, firstDayOfMonth(month), firstDayOfMonth(month))),
    timed("outcomes", outcomeRows(org.path, month)),
    timed("backlog", backlogAt(org.path, [month, previousMonth], childOf)),
    sql<{ id: string; name: string }[]>`select id::text, name from orgs where parent_id = ${org.id} order by path`,
    sql<{ id: string; name: string }[]>`select id::text, name from models`,
    sql<{ model_id: string; n: number }[]>`select r.model_id::text, count(distinct r.org_id)::int as n from runs r join orgs g on g.id = r.org_id
      where g.path like ${`${org.path}%`} and r.status = 'succeeded' group by 1`,
    codeLabels("businessLine"),
  ]);

  const backlog = backlogs.get(month) ?? [];
  const previousBacklog = backlogs.get(previousMonth) ?? [];
  const flowOf = (rows: FlowRow[], key: string): Flow => toFlow(rows.find((r) => r.key === key));
  const sumOutcomes = (pred: (o: OutcomeRow) => boolean): number => outcomes.filter((o) => o.current && o.kind === "recovery" && pred(o)).reduce((s, o) => s + o.amount, 0);
  const totalBacklog = backlog.find((b) => b.child === null);

  const current = kpis(flowOf(byMonth, month), sumOutcomes(() => true), totalBacklog);
  const previous = kpis(
    flowOf(byMonth, previousMonth),
    outcomes.filter((o) => !o.current && o.kind === "recovery").reduce((s, o) => s + o.amount, 0),
    previousBacklog.find((b) => b.child === null),
  );

  const orgRows: OrgRow[] = [
    ...children.map((c) => ({ orgId: c.id, name: c.name, self: false, key: c.id })),
    { orgId: org.id, name: `${org.name}（本院）`, self: true, key: "self" },
  ].map(({ key, ...o }) => ({ ...o, ...kpis(flowOf(byChild, key), sumOutcomes((x) => x.child === key), backlog.find((b) => b.child === key)) }));

  const names = new Map(modelNames.map((m) => [m.id, m.name]));
  const modelRows: ModelRow[] = byModel
    .map((r) => {
      const flow = toFlow(r);
      return { modelId: r.key, name: names.get(r.key) ?? r.key, ...flow, conversion: conversionOf(flow), recovered: sumOutcomes((o) => o.model_id === r.key), adopters: adopters.find((a) => a.model_id === r.key)?.n ?? 0 };
    })
    .sort((a, b) => (b.conversion ?? -1) - (a.conversion ?? -1) || b.found - a.found);

  const outcomeKinds = new Map<OutcomeKind, { count: number; amount: number }>();
  for (const o of outcomes.filter((x) => x.current)) {
    const acc = outcomeKinds.get(o.kind) ?? { count: 0, amount: 0 };
    outcomeKinds.set(o.kind, { count: acc.count + o.n, amount: acc.amount + o.amount });
  }

  return {
    month,
    org: { id: org.id, name: org.name, level: org.level, path: org.path },
    current,
    previous,
    trend: months.map((m) => ({ month: m, ...flowOf(byMonth, m) })),
    byModel: modelRows,
    byBusinessLine: byLine.map((r) => ({ line: r.key, label: codeLabel(lines, r.key), ...toFlow(r) })).sort((a, b) => b.found - a.found),
    outcomes: [...outcomeKinds].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => b.count - a.count),
    orgs: orgRows,
    belowFloor: orgRows.filter((o) => !o.self && o.conversion !== null && o.conversion < CONVERSION_FLOOR),
  };
}
