// Demo clues: each built-in model run once for each demo data org through the real run path
// (a run record executed by lib/runs, as the worker does), then a little triage so the clue
// screens and the statistics have something to show.
import { and, asc, eq, inArray } from "drizzle-orm";
import { makeActor, type Actor } from "../lib/auth/actor";
import { actOnClue } from "../lib/clues/commands";
import { addOutcome } from "../lib/clues/outcomes";
import { loadUserActor } from "../lib/auth/load-actor";
import { executeRun } from "../lib/runs/execute";
import { runnableModelsForOrg } from "../lib/models/runnable";
import { getDb } from "./client";
import { clues, orgs, runs, users } from "./schema";

async function userActor(username: string): Promise<Actor | null> {
  const [user] = await getDb().select().from(users).where(eq(users.username, username));
  return user ? loadUserActor(user.id, user.sessionVersion, null) : null;
}

/** Runs every runnable model for the org once, as of `runDate`. Returns the clues written. */
export async function runAllModels(org: typeof orgs.$inferSelect, runDate: string): Promise<number> {
  const system = makeActor("system", "seed", "演示数据", org, []);
  let found = 0;
  for (const model of await runnableModelsForOrg(org.path)) {
    const [run] = await getDb()
      .insert(runs)
      .values({ modelId: model.modelId, modelVersionId: model.versionId, orgId: org.id, trigger: "manual", runDate, createdByName: system.name })
      .returning();
    const status = await executeRun(run.id, { finalAttempt: true });
    if (status !== "succeeded") throw new Error(`demo run of ${model.key} ended ${status}`);
    const [done] = await getDb().select({ newClues: runs.newClues }).from(runs).where(eq(runs.id, run.id));
    found += done.newClues ?? 0;
  }
  return found;
}

/** A few clues of 东城区 worked through the machine by its prosecutor, as on a real morning. */
async function triageSample(orgId: string): Promise<void> {
  const prosecutor = await userActor("prosecutor");
  if (!prosecutor || prosecutor.orgId !== orgId) return;
  const list = await getDb()
    .select({ id: clues.id })
    .from(clues)
    .where(and(eq(clues.orgId, orgId), inArray(clues.status, ["new"])))
    .orderBy(asc(clues.id))
    .limit(12);
  const ids = list.map((c) => c.id);
  const steps: ((id: number) => Promise<unknown>)[] = [
    (id) => actOnClue(prosecutor, id, { action: "assign", assigneeId: prosecutor.id }),
    (id) => actOnClue(prosecutor, id, { action: "verify", comment: "已调取判决书及执行档案" }),
  ];
  for (const [i, id] of ids.entries()) {
    if (i >= 9) break;
    for (const step of steps) await step(id);
    if (i < 3) {
      await actOnClue(prosecutor, id, { action: "confirm", caseNo: `东检监〔2026〕${i + 1}号`, comment: "经核查属实" });
      await addOutcome(prosecutor, id, { kind: i === 0 ? "correction_notice" : "recommendation", documentNo: `东检建〔2026〕${i + 1}号` });
      if (i === 0) await addOutcome(prosecutor, id, { kind: "recovery", amount: 128000, note: "追缴罚金" });
    } else if (i < 5) {
      await actOnClue(prosecutor, id, { action: "dismiss", reason: "经核查，当事人已于外省监狱收押，数据未同步" });
    }
  }
  // Two more waiting for the prosecutor, unworked.
  for (const id of ids.slice(9, 11)) await actOnClue(prosecutor, id, { action: "assign", assigneeId: prosecutor.id });
}

export async function seedDemoClues(orgRows: (typeof orgs.$inferSelect)[], runDate: string): Promise<number> {
  let found = 0;
  for (const org of orgRows) found += await runAllModels(org, runDate);
  if (orgRows[0]) await triageSample(orgRows[0].id);
  return found;
}
