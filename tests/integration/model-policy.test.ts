// One place decides who sees, edits and runs a model (lib/models/policy.ts): every model a list
// shows opens on its page; a sibling's model is neither listed nor opened; another org's draft is 404.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { models, modelVersions, orgs } from "@/db/schema";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { copyModel, createDraft, editModel, updateDraft } from "@/lib/models/commands";
import { getModelPage, getVisibleModel, listModels } from "@/lib/models/queries";
import { definitionHash, installBuiltinModels } from "@/lib/models/registry";
import { getRunnableModel } from "@/lib/models/runnable";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
let xichengPublished: string;
let xichengDraftOnly: string;
const rule = BUILTIN_MODELS.find((m) => m.number === 7)!.rule;

async function insertModel(orgName: string, key: string, status: "published" | "draft"): Promise<string> {
  const [model] = await getDb()
    .insert(models)
    .values({ key, name: `测试模型 ${key}`, businessLine: "criminal_execution", ownerOrgId: await orgIdByName(orgName) })
    .returning({ id: models.id });
  await getDb().insert(modelVersions).values({ modelId: model.id, version: 1, definition: rule, contentHash: definitionHash(rule), status });
  return model.id;
}

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinModels(getDb(), province.id, BUILTIN_MODELS);
  xichengPublished = await insertModel(ORGS.xicheng, "xicheng_published", "published");
  xichengDraftOnly = await insertModel(ORGS.xicheng, "xicheng_draft", "draft");
});
afterAll(async () => {
  await database.drop();
});

const keys = (list: { key: string }[]): string[] => list.map((m) => m.key);

describe("who sees a model", () => {
  it("a district prosecutor sees the province's models, not its sibling district's published model", async () => {
    const prosecutor = await actorFor("prosecutor"); // 东城
    const list = await listModels(prosecutor);
    expect(list).toHaveLength(8);
    expect(keys(list)).not.toContain("xicheng_published");
    await expect(getVisibleModel(prosecutor, xichengPublished)).rejects.toThrow(NotFoundError);
  });

  it("every model a list shows opens (the bug: listed, then 404 on its page)", async () => {
    for (const username of ["prosecutor", "builder", "multi", "leader", "city_leader", "prosecutor_nanhu"]) {
      const actor = await actorFor(username);
      for (const m of await listModels(actor)) await expect(getVisibleModel(actor, m.id)).resolves.toBeTruthy();
    }
  });

  it("the owner org sees its draft; nobody else does, not even the leaders above", async () => {
    const owner = await actorFor("multi"); // 西城 builder
    expect(keys(await listModels(owner))).toEqual(expect.arrayContaining(["xicheng_draft", "xicheng_published"]));
    expect((await listModels(owner)).find((m) => m.key === "xicheng_draft")?.status).toBe("draft");
    for (const username of ["leader", "city_leader", "prosecutor", "builder"]) {
      const actor = await actorFor(username);
      expect(keys(await listModels(actor))).not.toContain("xicheng_draft");
      await expect(getVisibleModel(actor, xichengDraftOnly)).rejects.toThrow(NotFoundError);
    }
  });

  it("leaders see the released models of the orgs below, but run only what their org may run", async () => {
    const cityLeader = await actorFor("city_leader"); // 临江, above 西城
    expect(keys(await listModels(cityLeader))).toContain("xicheng_published");
    await expect(getVisibleModel(cityLeader, xichengPublished)).resolves.toBeTruthy();
    await expect(getRunnableModel(cityLeader, xichengPublished)).rejects.toThrow(NotFoundError);
    expect(keys(await listModels(await actorFor("admin_qingshan")))).not.toContain("xicheng_published");
  });
});

describe("who edits a model (the page's actions call these)", () => {
  it("another org's draft is 404 for every action, even for the city above it", async () => {
    const cityBuilder = await actorFor("builder"); // 临江, above 西城
    await expect(editModel(cityBuilder, xichengDraftOnly)).rejects.toThrow(NotFoundError);
    await expect(createDraft(cityBuilder, xichengDraftOnly, { fromVersion: 1 })).rejects.toThrow(NotFoundError);
    await expect(updateDraft(cityBuilder, xichengDraftOnly, 1, { definition: rule })).rejects.toThrow(NotFoundError);
    await expect(copyModel(cityBuilder, xichengDraftOnly)).rejects.toThrow(NotFoundError);
    await expect(getModelPage(cityBuilder, xichengDraftOnly)).rejects.toThrow(NotFoundError);
  });

  it("a leader who sees a model below may neither edit nor copy it (403); its page shows no run", async () => {
    const cityLeader = await actorFor("city_leader");
    await expect(editModel(cityLeader, xichengPublished)).rejects.toThrow(ForbiddenError);
    await expect(copyModel(cityLeader, xichengPublished)).rejects.toThrow(ForbiddenError);
    const page = await getModelPage(cityLeader, xichengPublished);
    expect(page.runnable).toBeNull();
    expect(page.shown.status).toBe("published");
  });

  it("the owner's builder edits: the published version stays, the next draft is made once and continued", async () => {
    const owner = await actorFor("multi");
    const draft = await editModel(owner, xichengPublished);
    expect(draft).toMatchObject({ version: 2, status: "draft", basedOnVersion: 1 });
    expect((await editModel(owner, xichengPublished)).id).toBe(draft.id);
    const page = await getModelPage(owner, xichengPublished);
    expect(page.runnable?.version).toBe(1);
    expect(page.versions.map((v) => v.status)).toEqual(["draft", "published"]);
    // The leader above sees the published version only.
    expect((await getModelPage(await actorFor("city_leader"), xichengPublished)).versions.map((v) => v.version)).toEqual([1]);
  });
});
