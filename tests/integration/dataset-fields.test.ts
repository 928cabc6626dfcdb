// Adding a field to a dataset alters its table (every org's partition) and keeps the rows;
// only the org that registered the dataset may change it.
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getSql } from "@/db/client";
import { addDatasetField, getDatasetByKey, registerDataset } from "@/lib/datasets/catalog";
import { startImport } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { ForbiddenError } from "@/lib/errors";
import { createUser } from "@/lib/users/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase();
});
afterAll(async () => {
  await database.drop();
});

it("adds a column to every partition, keeps the rows, and refuses other orgs (403)", async () => {
  const owner = await actorFor("data_admin");
  await registerDataset(owner, {
    key: "field_test",
    name: "字段测试",
    agency: "other",
    businessLine: "civil",
    fields: [{ name: "code", label: "编号", type: "text", required: true }],
    businessKey: ["code"],
  });
  const imp = await startImport(owner, { datasetKey: "field_test", fileName: "a.csv", body: Readable.from([Buffer.from("code\nA1\nA2\n")]), options: {} });
  expect((await runImport(imp.id, { finalAttempt: true })).status).toBe("succeeded");

  await addDatasetField(owner, "field_test", { name: "amount", label: "金额", type: "numeric", nonNegative: true });
  expect((await getDatasetByKey(owner, "field_test")).definition.fields.map((f) => f.name)).toEqual(["code", "amount"]);
  const rows = await getSql().unsafe("select code, amount from ds.field_test where org_id = $1 order by code", [owner.orgId]);
  expect(rows).toEqual([
    { code: "A1", amount: null },
    { code: "A2", amount: null },
  ]);
  const next = await startImport(owner, { datasetKey: "field_test", fileName: "b.csv", body: Readable.from([Buffer.from("编号,金额\nB1,12.5\n")]), options: {} });
  expect((await runImport(next.id, { finalAttempt: true })).status).toBe("succeeded");

  await createUser(await actorFor("admin"), { username: "xicheng_data", name: "西城数据员", orgId: await orgIdByName(ORGS.xicheng), roles: ["data_admin"], password: "Jiancha-River-2026" });
  const other = await actorFor("xicheng_data");
  await expect(addDatasetField(other, "field_test", { name: "note", label: "备注", type: "text" })).rejects.toBeInstanceOf(ForbiddenError);
  await expect(addDatasetField(owner, "field_test", { name: "amount", label: "重复", type: "text" })).rejects.toThrow("字段名 amount 重复");
});
