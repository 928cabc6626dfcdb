import "server-only";
import { getSql } from "@/db/client";
import { chinaDay, chinaDayStart, monthBounds, type Month } from "../calendar/china-date";
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

const DAY = "(c.first_seen_at at time zone 'Asia/Shanghai')::date";
const OPEN = "('new', 'assigned', 'verifying')";

/** Clues open now, per org and China day found, found before `before` — from the trigger-kept rollup. */
function openNow(path: string, before: string): Promise<Bucket[]> {
  return getSql().unsafe<Bucket[]>(
    `select d.org_id::text, d.day::text, d.n from clue_open_days d
     where d.org_id in (select id from orgs where path like $1) and d.n <> 0 and d.day <= ($2::timestamptz at time zone 'Asia/Shanghai')::date`,
    [`${path}%`, before],
  );
}

/**
 * The clues whose status changed since `at`, as corrections to the open-now counts: −1 where they
 * count as open now, +1 where they were open at `at`. Their status then is the from-status of
 * their first change since — read from the same events, no lookup per clue.
 */
function changedSince(path: string, at: string): Promise<Bucket[]> {
  return getSql().unsafe<Bucket[]>(
    `with firsts as (
       select distinct on (e.clue_id) e.clue_id, e.from_status from clue_events e
       where e.org_id in (select id from orgs where path like $1) and e.at >= $2::timestamptz
         and e.from_status is not null and e.to_status is distinct from e.from_status
       order by e.clue_id, e.at, e.id)
     select c.org_id::text, ${DAY}::text as day,
            sum((f.from_status in ${OPEN})::int - (c.status in ${OPEN})::int)::int as n
     from firsts f join clues c on c.id = f.clue_id
     where c.first_seen_at < $2::timestamptz
     group by 1, 2 having sum((f.from_status in ${OPEN})::int - (c.status in ${OPEN})::int) <> 0`,
    [`${path}%`, at],
  );
}

/** A month's end as the backlog sees it: never later than now. */
export function backlogInstant(month: Month, now = new Date()): Date {
  const end = new Date(monthBounds(month).end);
  return end < now ? end : now;
}

function summarize(buckets: Bucket[], at: Date, childOf: (orgId: string) => string): BacklogRow[] {
  const groups = new Map<string | null, DayCount[]>([[null, []]]);
  for (const b of buckets) {
    const key = childOf(b.org_id);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ day: b.day, n: b.n });
    groups.get(null)!.push({ day: b.day, n: b.n });
  }
  return [...groups].map(([child, days]) => ({ child, n: days.reduce((s, d) => s + d.n, 0), median_days: medianAgeDays(days, at) }));
}

/**
 * The backlog (clues open) at the end of each month given, per child org of the chosen one
 * (`childOf` maps an org id) and in total, with its median age. The clues open now are read once
 * for all the months; each month adds the few whose status changed since its end.
 */
export async function backlogAt(path: string, months: Month[], childOf: (orgId: string) => string): Promise<Map<Month, BacklogRow[]>> {
  const instants = months.map((m) => backlogInstant(m));
  const latest = new Date(Math.max(...instants.map((d) => d.getTime())));
  // Days up to the latest instant's China date; each month below trims to its own.
  const [open, ...changes] = await Promise.all([openNow(path, latest.toISOString()), ...instants.map((at) => changedSince(path, at.toISOString()))]);
  const result = new Map<Month, BacklogRow[]>();
  months.forEach((month, i) => {
    const at = instants[i];
    // A month ends at midnight (China time): its clues are those found on the days before. The
    // current month ends now, and today's clues are all found before now.
    const endsNow = at.getTime() !== new Date(chinaDayStart(chinaDay(at))).getTime();
    const before = open.filter((b) => (endsNow ? b.day <= chinaDay(at) : b.day < chinaDay(at)));
    result.set(month, summarize([...before, ...changes[i]], at, childOf));
  });
  return result;
}
