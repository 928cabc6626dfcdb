import "server-only";
import { getSql } from "@/db/client";
import { monthBounds, type Month } from "./period";
import { medianAgeDays, type DayCount } from "./median";

export interface BacklogRow {
  /** The chosen org's child it rolls up to ('self' for the chosen org), or null for the total. */
  child: string | null;
  n: number;
  median_days: number | null;
}

interface Bucket {
  org_id: string;
  day: string;
  n: number;
}

/**
 * Clues open at the month's end (or now, for the current month), counted per org and day found.
 * Clues open now are read from the status index alone (no row visits); the few whose status
 * changed since then take their status at that moment from their history instead.
 */
async function buckets(path: string, at: string): Promise<Bucket[]> {
  const day = "(c.first_seen_at at time zone 'Asia/Shanghai')::date";
  return getSql().unsafe<Bucket[]>(
    `with sub as (select id from orgs where path like $1),
     changed as (
       select distinct e.clue_id from clue_events e
       where e.org_id in (select id from sub) and e.at >= $2::timestamptz and e.from_status is not null and e.to_status is distinct from e.from_status),
     counted as (
       select c.org_id, ${day} as day, count(*)::int as n from clues c
       where c.org_id in (select id from sub) and c.status in ('new', 'assigned', 'verifying') and c.first_seen_at < $2::timestamptz
       group by 1, 2
       union all
       select c.org_id, ${day}, -1 from clues c join changed x on x.clue_id = c.id
       where c.status in ('new', 'assigned', 'verifying') and c.first_seen_at < $2::timestamptz
       union all
       select c.org_id, ${day}, 1 from clues c join changed x on x.clue_id = c.id
       where c.first_seen_at < $2::timestamptz
         and coalesce((select e.to_status from clue_events e
                       where e.clue_id = c.id and e.at < $2::timestamptz and e.from_status is not null and e.to_status is distinct from e.from_status
                       order by e.at desc, e.id desc limit 1), 'new') in ('new', 'assigned', 'verifying'))
     select org_id::text, day::text, sum(n)::int as n from counted group by 1, 2 having sum(n) <> 0`,
    [`${path}%`, at],
  );
}

/** The month's end as the backlog sees it: never later than now. */
export function backlogInstant(month: Month, now = new Date()): Date {
  const end = new Date(monthBounds(month).end);
  return end < now ? end : now;
}

/** Backlog count and median age per child org of the chosen one (`childOf` maps an org id) and in total. */
export async function backlogRows(path: string, month: Month, childOf: (orgId: string) => string): Promise<BacklogRow[]> {
  const at = backlogInstant(month);
  const rows = await buckets(path, at.toISOString());
  const groups = new Map<string | null, DayCount[]>([[null, []]]);
  for (const r of rows) {
    const key = childOf(r.org_id);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ day: r.day, n: r.n });
    groups.get(null)!.push({ day: r.day, n: r.n });
  }
  return [...groups].map(([child, days]) => ({ child, n: days.reduce((s, d) => s + d.n, 0), median_days: medianAgeDays(days, at) }));
}
