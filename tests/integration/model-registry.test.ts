// The registry: built-in models load as published version 1 with a content hash; a published
// version cannot be changed.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { models, modelVersions, orgs } from "@/db/schema";
import { listModels } from "@/lib/models/queries";
import { runnableModelForOrg } from "@/lib/models/runnable";
import { definitionHash, installBuiltinModels } from "@/lib/models/registry";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  expect(await installBuiltinModels(getDb(), province.id, BUILTIN_MODELS)).toBe(8);
  expect(await installBuiltinModels(getDb(), province.id, BUILTIN_MODELS)).toBe(0);
});
afterAll(async () => {
  await database.drop();
});

it("lists the eight published built-in models to a district prosecutor", async () => {
  const list = await listModels(await actorFor("prosecutor"));
  expect(list).toHaveLength(8);
  expect(list.every((m) => m.status === "published" && m.latestVersion === 1 && m.builtin)).toBe(true);
});

it("stores the hash of the definition and refuses to change a published version", async () => {
  const [model] = await getDb().select().from(models).where(eq(models.key, "drunk_driving_licence_valid"));
  const [version] = await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, model.id));
  expect(version.contentHash).toBe(definitionHash(BUILTIN_MODELS.find((m) => m.number === 7)!.rule));
  const changed = { ...version.definition, clue: { ...version.definition.clue, title: "篡改后的标题" } };
  await expect(getDb().update(modelVersions).set({ definition: changed }).where(eq(modelVersions.id, version.id))).rejects.toThrow();
  const [after] = await getDb().select().from(modelVersions).where(eq(modelVersions.id, version.id));
  expect(after.definition).toEqual(version.definition);
});

it("publishes a built-in whose file changed as its next version, once, and runs take the newest", async () => {
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  const file = BUILTIN_MODELS.find((m) => m.number === 7)!;
  const changed = { ...file, rule: { ...file.rule, clue: { ...file.rule.clue, title: `${file.rule.clue.title}（新版）` } } };
  const files = BUILTIN_MODELS.map((m) => (m === file ? changed : m));
  expect(await installBuiltinModels(getDb(), province.id, files)).toBe(1);
  expect(await installBuiltinModels(getDb(), province.id, files)).toBe(0);
  const [model] = await getDb().select().from(models).where(eq(models.key, file.key));
  const versions = await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, model.id)).orderBy(modelVersions.version);
  expect(versions.map((v) => [v.version, v.status, v.contentHash])).toEqual([
    [1, "published", definitionHash(file.rule)],
    [2, "published", definitionHash(changed.rule)],
  ]);
  const runnable = await runnableModelForOrg(province.path, model.id);
  expect(runnable?.version).toBe(2);
});
