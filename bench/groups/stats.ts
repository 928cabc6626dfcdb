// stats: the leaders' dashboard over 1,000,000 clues spread across 24 months and the three org
// levels (districts, cities, the province itself), with their triage history and outcomes — written
// straight into the tables in a few set-based statements so the statement triggers keep the
// rollups as production does. Times getDashboard (every query of the page) and the 12-month trend
// for the province and for a city, median of repeated calls.
import { eq } from "drizzle-orm";
import { getDb, getSql } from "../../db/client";
import { orgs, users } from "../../db/schema";
import type { Actor } from "../../lib/auth/actor";
import { loadUserActor } from "../../lib/auth/load-actor";
import { installBuiltinModels } from "../../lib/models/registry";
import { getDashboard, getTrend } from "../../lib/stats/dashboard";
import { addMonths, monthBounds } from "../../lib/calendar/china-date";
import { lastFullMonth } from "../../lib/stats/period";
import { BUILTIN_MODELS } from "../../models/rules";
import type { BenchGroup } from "../types";
import { withBenchDatabase } from "./bench-database";

const log = (s: string): void => console.log(`[bench:stats] ${s}`);

async function actor(username: string): Promise<Actor> {
  const [u] = await getDb().select().from(users).where(eq(users.username, username));
  const a = await loadUserActor(u.id, u.sessionVersion, null);
  if (!a) throw new Error(`no actor ${username}`);
  return a;
}

/**
 * One month of clues: `n` rows spread over every org (districts weighted most), the 8 models and
 * their business lines; ~90% assigned, ~75% closed (a third confirmed), recoveries on some.
 */
export async function insertMonth(month: string, n: number, offset: number): Promise<void> {
  const { start } = monthBounds(month);
  const sql = getSql();
  await sql.begin(async (tx) => {
    await tx.unsafe(
      `with o as (select array_agg(id order by case level when 'district' then 0 when 'city' then 1 else 2 end, path) as ids from orgs),
       m as (select array_agg(v.id order by v.id) as vids, array_agg(v.model_id order by v.id) as mids from model_versions v where v.status = 'published'),
       g as (select i, (i::bigint * 7919) % 100 as r, $1::timestamptz + ((i::bigint * 104729) % (27 * 86400)) * interval '1 second' as seen from generate_series($2::int + 1, $2::int + $3::int) i)
       insert into clues (org_id, model_id, model_version_id, dedup_key, title, subject_kind, subject_name, subject_id, evidence, business_line,
                          streak_start, missing_since, first_seen_at, status, status_changed_at, closed_at)
       select o.ids[1 + (case when g.r < 90 then g.i % 4 when g.r < 97 then 4 + g.i % 2 else 6 end)],
              m.mids[1 + g.i % 8], m.vids[1 + g.i % 8], md5('["bench",' || g.i || ']')::uuid, '基准统计线索 ' || g.i, 'person', '张某' || (g.i % 1000), null, '{}'::jsonb,
              (array['criminal','civil','administrative','public_interest'])[1 + g.i % 4], 0, 1, g.seen,
              case when g.r < 10 then 'new' when g.r < 25 then 'verifying' when g.r < 50 then 'confirmed' else 'dismissed' end,
              g.seen + interval '3 days',
              case when g.r >= 25 then g.seen + interval '3 days' end
       from g, o, m`,
      [start, offset, n],
    );
    // History: assign (day 1), verify (day 2), close (day 3) — the flows trigger counts these.
    await tx.unsafe(
      `insert into clue_events (clue_id, org_id, at, actor_name, action, from_status, to_status)
       select c.id, c.org_id, c.first_seen_at + s.d * interval '1 day', '基准', s.action, s.from_status, s.to_status
       from clues c cross join lateral (values (1, 'assign', 'new', 'assigned'), (2, 'verify', 'assigned', 'verifying'),
                                              (3, case c.status when 'confirmed' then 'confirm' else 'dismiss' end, 'verifying', c.status)) s(d, action, from_status, to_status)
       where c.title like '基准统计线索 %' and c.id > (select coalesce(max(clue_id), 0) from clue_events) and c.status <> 'new'
         and (s.d < 3 or c.status in ('confirmed', 'dismissed'))`,
    );
    await tx.unsafe(
      `insert into clue_outcomes (clue_id, org_id, kind, amount, created_at, created_by_name)
       select c.id, c.org_id, case when c.id % 3 = 0 then 'recovery' else 'recommendation' end,
              case when c.id % 3 = 0 then (c.id % 500) * 1000 end, c.first_seen_at + interval '5 days', '基准'
       from clues c where c.status = 'confirmed' and c.id > (select coalesce(max(clue_id), 0) from clue_outcomes) and c.id % 2 = 0`,
    );
  });
}

async function median(times: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return Math.round(samples[Math.floor(samples.length / 2)] * 10) / 10;
}

export const statsGroup: BenchGroup = {
  name: "stats",
  description: "leaders' dashboard over 1M clues × 24 months × 3 org levels",
  run: (scale) =>
    withBenchDatabase("stats", async () => {
      const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
      await installBuiltinModels(getDb(), province.id, BUILTIN_MODELS);
      const total = Math.round(1_000_000 * scale);
      const month = lastFullMonth();
      const started = performance.now();
      let offset = 0;
      for (let i = 23; i >= 0; i--) {
        // A mild upward trend: later months hold more clues.
        const n = i === 0 ? total - offset : Math.round((total / 24) * (0.8 + (0.4 * (23 - i)) / 23));
        await insertMonth(addMonths(month, -i), n, offset);
        offset += n;
      }
      await getSql().unsafe("vacuum analyze clues, clue_events, clue_outcomes, clue_flows");
      const [{ n }] = await getSql()<{ n: number }[]>`select count(*)::int as n from clues`;
      log(`${n.toLocaleString()} clues over 24 months written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

      const leader = await actor("leader");
      const cityLeader = await actor("city_leader");
      const d = await getDashboard(leader, { month });
      log(`province ${month}: found ${d.current.found}, confirmed ${d.current.confirmed}, backlog ${d.current.backlog}, orgs ${d.orgs.length}, models ${d.byModel.length}`);
      const figures = {
        stats_month_ms: await median(15, () => getDashboard(leader, { month })),
        stats_trend_12m_ms: await median(25, () => getTrend(leader, { month })),
        stats_month_city_ms: await median(15, () => getDashboard(cityLeader, { month })),
      };
      log(JSON.stringify(figures));
      return figures;
    }),
};
