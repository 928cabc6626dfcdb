// preview: the builder's 预览命中 for each built-in and example model over the generated data
// (1M judgments at --scale 1), through previewRule — the code path of POST /api/v1/rules/preview:
// checker, compiled page statement with the total count, the condition funnel, masking, the
// preview slot. Limit 20, the run date of the generated data. Goal: < 1.5 s each.
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import type { Actor } from "../../lib/auth/actor";
import { loadUserActor } from "../../lib/auth/load-actor";
import { previewRule } from "../../lib/rules/service";
import type { Rule } from "../../lib/rules/schema";
import { PENSION_PAID_IN_CUSTODY, REPEATED_INPATIENT_STAYS } from "../../models/examples";
import { BUILTIN_MODELS } from "../../models/rules";
import type { BenchGroup } from "../types";
import { withBenchDatabase } from "./bench-database";
import { generatedDir } from "./generated";
import { loadData } from "./models";
import { grantAll } from "./rules";

const LIMIT = 20;
const ROUNDS = 3;

const PREVIEWED: { name: string; rule: Rule }[] = [
  ...BUILTIN_MODELS.map((m) => ({ name: `model_${m.number}`, rule: m.rule })),
  { name: "window_model", rule: REPEATED_INPATIENT_STAYS.rule },
  { name: "pension_model", rule: PENSION_PAID_IN_CUSTODY.rule },
];

/** The district's prosecutor (models.read), with every dataset granted to the district. */
async function prosecutorActor(orgId: string): Promise<Actor> {
  const [user] = await getDb().select().from(users).where(eq(users.username, "prosecutor"));
  if (user.orgId !== orgId) throw new Error("bench: the prosecutor is not in the loaded district");
  await grantAll(orgId, user.id);
  const actor = await loadUserActor(user.id, user.sessionVersion, null);
  if (!actor) throw new Error("bench: no prosecutor actor");
  return actor;
}

async function timePreview(actor: Actor, rule: Rule, runDate: string): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  const result = await previewRule(actor, { definition: rule, limit: LIMIT, runDate });
  const ms = performance.now() - started;
  if (result.funnel === null) throw new Error("bench: the funnel timed out");
  return { ms, count: result.count };
}

export const previewGroup: BenchGroup = {
  name: "preview",
  description: "previewRule (limit 20, count and funnel) per built-in and example model at the 1M scale (median of 3)",
  run: async (scale) => {
    const { dir, manifest } = await generatedDir(scale);
    return withBenchDatabase("preview", async ({ district, services }) => {
      process.env.REDIS_URL = services.redisUrl; // the preview slots (withBenchDatabase restores it)
      await loadData(dir, district.id);
      const actor = await prosecutorActor(district.id);
      const figures: Record<string, number> = {};
      let worst = 0;
      for (const { name, rule } of PREVIEWED) {
        await timePreview(actor, rule, manifest.asOf); // warm the cache
        const runs: { ms: number; count: number }[] = [];
        for (let i = 0; i < ROUNDS; i++) runs.push(await timePreview(actor, rule, manifest.asOf));
        const ms = runs.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
        console.log(`[bench:preview] ${name}: ${Math.round(ms)} ms (${runs.map((r) => Math.round(r.ms)).join(", ")}), count ${runs[0].count}`);
        figures[`preview_${name}_ms`] = Math.round(ms);
        worst = Math.max(worst, ms);
      }
      figures.preview_ms = Math.round(worst);
      return figures;
    });
  },
};
