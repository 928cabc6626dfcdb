// rules: POST /api/v1/rules/check for each built-in model, through the route handler as a client
// calls it (key lookup, catalog and grants read, zod, checker, the regex check in PostgreSQL). The
// no-code builder checks on every edit, so the slowest built-in's median must stay under 20 ms.
import { eq } from "drizzle-orm";
import { POST as checkRoute } from "../../app/api/v1/rules/check/route";
import { getDb } from "../../db/client";
import { dataApplications, datasets, users } from "../../db/schema";
import { createApiKey } from "../../lib/api-keys/commands";
import { loadUserActor } from "../../lib/auth/load-actor";
import { addDays, chinaToday } from "../../lib/calendar/china-date";
import { BUILTIN_MODELS } from "../../models/rules";
import type { BenchGroup } from "../types";
import { withBenchDatabase } from "./bench-database";

const WARMUP = 5;
const CALLS = 60;

/** Grants every built-in dataset to the org, from yesterday, so every model checks clean. */
export async function grantAll(orgId: string, applicantId: string): Promise<void> {
  const today = chinaToday();
  for (const d of await getDb().select({ id: datasets.id }).from(datasets)) {
    await getDb().insert(dataApplications).values({ datasetId: d.id, orgId, applicantId, purpose: "基准测试：规则检查", validFrom: addDays(today, -1), validTo: addDays(today, 30), status: "approved" });
  }
}

async function apiKeyFor(orgId: string): Promise<string> {
  const [admin] = await getDb().select().from(users).where(eq(users.username, "admin"));
  const actor = await loadUserActor(admin.id, admin.sessionVersion, null);
  if (!actor) throw new Error("bench: no admin actor");
  await grantAll(orgId, admin.id);
  return (await createApiKey(actor, { orgId, name: "基准测试", scopes: ["prosecutor"] })).key;
}

async function checkOnce(key: string, definition: unknown): Promise<number> {
  const req = new Request("http://bench/api/v1/rules/check", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ definition }) });
  const started = performance.now();
  const res = await checkRoute(req, { params: Promise.resolve({}) });
  const body = (await res.json()) as { errors?: unknown[] };
  const ms = performance.now() - started;
  if (res.status !== 200 || body.errors?.length !== 0) throw new Error(`bench: check answered ${res.status} ${JSON.stringify(body)}`);
  return ms;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (ms: number): number => Math.round(ms * 100) / 100;

export const rulesGroup: BenchGroup = {
  name: "rules",
  description: "POST /api/v1/rules/check per built-in model (median and p95, the slowest model)",
  run: async () =>
    withBenchDatabase("rules", async ({ district, services }) => {
      process.env.REDIS_URL = services.redisUrl; // the call audit's once-a-minute dedupe (withBenchDatabase restores it)
      const key = await apiKeyFor(district.id);
      let worstMedian = 0;
      let worstP95 = 0;
      for (const model of BUILTIN_MODELS) {
        for (let i = 0; i < WARMUP; i++) await checkOnce(key, model.rule);
        const times: number[] = [];
        for (let i = 0; i < CALLS; i++) times.push(await checkOnce(key, model.rule));
        times.sort((a, b) => a - b);
        console.log(`[bench:rules] model ${model.number}: median ${round(quantile(times, 0.5))} ms, p95 ${round(quantile(times, 0.95))} ms`);
        worstMedian = Math.max(worstMedian, quantile(times, 0.5));
        worstP95 = Math.max(worstP95, quantile(times, 0.95));
      }
      return { rule_check_ms: round(worstMedian), rule_check_p95_ms: round(worstP95) };
    }),
};
