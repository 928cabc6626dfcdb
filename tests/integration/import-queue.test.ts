// Imports share the workers fairly: two orgs' imports run side by side, one org's imports of one
// dataset one after the other (without deadlock), a queued import knows its place, and a data
// admin can cancel a queued or a running import (rolled back, recorded).
import fs from "node:fs";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/v1/imports/[id]/cancel/route";
import { GET as statusRoute } from "@/app/api/v1/imports/[id]/route";
import { getDb, getSql } from "@/db/client";
import { createApiKey } from "@/lib/api-keys/commands";
import { auditLog, type DatasetImport } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { cancelImport } from "@/lib/datasets/import/cancel";
import { startImport } from "@/lib/datasets/import/commands";
import { queuePlaces } from "@/lib/datasets/import/queue";
import { runImport } from "@/lib/datasets/import/run-import";
import { uploadPath } from "@/lib/datasets/import/uploads";
import { getQueue, QUEUE_NAMES } from "@/lib/jobs/queues";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { createUser } from "@/lib/users/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";
import { importRow, waitFor, WorkerPool } from "../helpers/import-worker";
import { registerTestDataset } from "../helpers/test-datasets";

const KEY = "queue_test";
let database: TestDatabase;
let dongcheng: Actor; // data admin of 东城区
let nanhu: Actor; // data admin of 南湖区
let redisUrl: string;
const workers = new WorkerPool(() => database.url, () => redisUrl);

beforeAll(async () => {
  redisUrl = usePrivateRedis(6);
  database = await setupDemoDatabase();
  dongcheng = await actorFor("data_admin");
  await createUser(await actorFor("admin"), { username: "nanhu_data", name: "南湖数据员", orgId: await orgIdByName(ORGS.nanhu), roles: ["data_admin"], password: "Jiancha-River-2026" });
  nanhu = await actorFor("nanhu_data");
  await registerTestDataset(dongcheng, KEY, "排队测试", "amount");
}, 60_000);

afterAll(async () => {
  await workers.killAll();
  await getQueue(QUEUE_NAMES.datasetImport).obliterate({ force: true }).catch(() => {});
  await database.drop();
});

function csv(prefix: string, rows: number): Buffer {
  const lines = ["case_no,amount"];
  for (let i = 0; i < rows; i++) lines.push(`${prefix}${i},${i}`);
  return Buffer.from(lines.join("\n") + "\n");
}

function upload(actor: Actor, prefix: string, rows: number, options: Record<string, unknown> = {}): Promise<DatasetImport> {
  return startImport(actor, { datasetKey: KEY, fileName: `${prefix}.csv`, body: Readable.from([csv(prefix, rows)]), options });
}

async function rowsOf(actor: Actor, prefix = ""): Promise<number> {
  const [r] = await getSql().unsafe(`select count(*)::int as n from ds.${KEY} where org_id = $1 and case_no like $2`, [actor.orgId, `${prefix}%`]);
  return Number(r.n);
}

describe("sharing the workers", () => {
  it("a queued import knows its place and what is ahead (another org's name hidden); two orgs' imports run side by side, one org's one after the other", async () => {
    const big = await upload(dongcheng, "A", 400_000);
    const sameOrg = await upload(dongcheng, "C", 10);
    const otherOrg = await upload(nanhu, "B", 10);

    const place = (await queuePlaces(nanhu, [otherOrg.id])).get(otherOrg.id)!;
    expect(place.position).toBe(3);
    expect(place.ahead.map((a) => [a.status, a.datasetName, a.orgName, a.fileSize])).toEqual([
      ["queued", "排队测试", null, big.fileSize],
      ["queued", "排队测试", null, sameOrg.fileSize],
    ]);
    const own = (await queuePlaces(dongcheng, [sameOrg.id])).get(sameOrg.id)!;
    expect(own.ahead.map((a) => a.orgName)).toEqual([ORGS.dongcheng]);

    workers.start({ IMPORT_CONCURRENCY: "2" });
    await waitFor(async () => (await Promise.all([big, sameOrg, otherOrg].map((i) => importRow(i.id)))).every((r) => r.status === "succeeded"), 90_000);
    const [a, c, b] = await Promise.all([big, sameOrg, otherOrg].map((i) => importRow(i.id)));
    // 南湖区's small file did not wait for 东城区's big one…
    expect(b.startedAt!.getTime()).toBeLessThan(a.finishedAt!.getTime());
    // …while 东城区's second file into the same dataset waited for its first, in upload order (both
    // would have loaded a fresh partition: together one would have failed or clobbered the other),
    // without deadlock and without spending an attempt.
    expect(c.startedAt!.getTime()).toBeGreaterThanOrEqual(a.finishedAt!.getTime());
    expect(c.attempts).toBe(1);
    expect(a.attempts).toBe(1);
    expect(await rowsOf(dongcheng)).toBe(400_010);
    expect(await rowsOf(nanhu)).toBe(10);
  }, 120_000);
});

describe("cancelling", () => {
  it("a queued import is cancelled at once: recorded as 已取消 with who, audited, its job and file gone, data unchanged", async () => {
    await workers.killAll();
    const before = await rowsOf(dongcheng);
    const imp = await upload(dongcheng, "Q", 5, { replace: true });
    const cancelled = await cancelImport(dongcheng, imp.id);
    expect(cancelled.status).toBe("cancelled");
    const row = await importRow(imp.id);
    expect(row.status).toBe("cancelled");
    expect(row.message).toBe("已取消：周强取消了此次导入，数据保持不变");
    expect(row.finishedAt).not.toBeNull();
    expect(await getQueue(QUEUE_NAMES.datasetImport).getJob(imp.id)).toBeUndefined();
    expect(fs.existsSync(uploadPath(imp.id))).toBe(false);
    // A worker that still gets the job does nothing.
    expect((await runImport(imp.id, { finalAttempt: true })).status).toBe("cancelled");
    expect(await rowsOf(dongcheng)).toBe(before);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "dataset.import_cancel"), eq(auditLog.targetId, imp.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0].actorName).toBe("周强");
    await expect(cancelImport(dongcheng, imp.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it("another org's data admin cannot cancel (404)", async () => {
    const imp = await upload(dongcheng, "N", 5);
    await expect(cancelImport(nanhu, imp.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await importRow(imp.id)).status).toBe("queued");
    await cancelImport(dongcheng, imp.id);
  });

  it("through the API: the status shows the queue place; POST /api/v1/imports/{id}/cancel answers 202, then 409; another org's key 404", async () => {
    const admin = await actorFor("admin");
    const key = (await createApiKey(admin, { orgId: dongcheng.orgId, name: "东城导入", scopes: ["data_admin"] })).key;
    const otherKey = (await createApiKey(admin, { orgId: nanhu.orgId, name: "南湖导入", scopes: ["data_admin"] })).key;
    const imp = await upload(dongcheng, "P", 5);
    const call = (route: typeof cancelRoute, k: string, method = "POST") =>
      route(new Request(`http://x/api/v1/imports/${imp.id}/cancel`, { method, headers: { authorization: `Bearer ${k}` } }), { params: Promise.resolve({ id: imp.id }) });
    const status = await (await call(statusRoute, key, "GET")).json();
    expect(status.status).toBe("queued");
    expect(status.queue.position).toBeGreaterThanOrEqual(1);
    expect((await call(cancelRoute, otherKey)).status).toBe(404);
    const res = await call(cancelRoute, key);
    expect(res.status).toBe(202);
    expect((await res.json()).status).toBe("cancelled");
    const again = await call(cancelRoute, key);
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe("该导入已结束，无法取消");
  });

  it("a running replace stops within seconds when cancelled: its COPY ends, it rolls back, the org's rows are untouched", async () => {
    const before = await rowsOf(dongcheng);
    expect(before).toBeGreaterThan(0);
    const imp = await upload(dongcheng, "R", 1_500_000, { replace: true });
    workers.start({ IMPORT_CONCURRENCY: "2" });
    await waitFor(async () => (await importRow(imp.id)).rowsRead >= 25_000, 60_000);
    expect((await importRow(imp.id)).status).toBe("running");
    const asked = Date.now();
    await cancelImport(dongcheng, imp.id);
    await waitFor(async () => (await importRow(imp.id)).status !== "running", 15_000);
    const stoppedMs = Date.now() - asked;
    const row = await importRow(imp.id);
    expect(row.status).toBe("cancelled");
    expect(row.rowsImported).toBe(0);
    expect(row.message).toBe("已取消：周强取消了此次导入，数据保持不变");
    expect(await rowsOf(dongcheng)).toBe(before);
    expect(await rowsOf(dongcheng, "R")).toBe(0);
    const copies = await getSql().unsafe(`select count(*)::int as n from pg_stat_activity where datname = current_database() and (query ilike 'copy%' and state <> 'idle' or state = 'idle in transaction (aborted)')`);
    expect(copies[0].n).toBe(0);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.targetId, imp.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["dataset.import", "dataset.import_cancel"]);
    console.log(`[import-queue] running import stopped ${stoppedMs} ms after the cancel`);
  }, 120_000);
});
