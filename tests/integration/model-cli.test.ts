// `npm run model -- check|sql|run <file>`: the builders' command line against a real database.
import { spawnSync } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { dataApplications, datasets, orgs } from "@/db/schema";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { BUILTIN_DATASETS } from "@/models/datasets";
import type { TestDatabase } from "../helpers/db";
import { ORGS, orgIdByName, setupDemoDatabase, userIdByUsername } from "../helpers/demo";

let database: TestDatabase;
const FILE = "models/rules/7-drunk-driving-licence-valid.json";

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
});
afterAll(async () => {
  await database.drop();
});

function cli(...args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/model.ts", ...args], {
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

it("checks with paths, then prints the SQL and plan, then runs", async () => {
  const refused = cli("check", FILE, "--org", ORGS.dongcheng);
  expect(refused.code).toBe(1);
  expect(refused.out).toContain("from.dataset: 数据资源“刑事判决”（criminal_judgment）未获本院授权");

  const orgId = await orgIdByName(ORGS.dongcheng);
  const applicantId = await userIdByUsername("data_admin");
  for (const key of ["criminal_judgment", "driving_license"]) {
    const [d] = await getDb().select().from(datasets).where(eq(datasets.key, key));
    await getDb().insert(dataApplications).values({ datasetId: d.id, orgId, applicantId, purpose: "命令行测试授权", validFrom: "2026-01-01", validTo: "2026-12-31", status: "approved" });
  }
  const ok = cli("check", FILE, "--org", ORGS.dongcheng, "--date", "2026-11-01");
  expect(ok).toMatchObject({ code: 0 });
  expect(ok.out).toContain("规则检查通过");

  const sql = cli("sql", FILE, "--org", ORGS.dongcheng, "--date", "2026-11-01");
  expect(sql.code).toBe(0);
  expect(sql.out).toContain('from "ds"."criminal_judgment" as "j"');
  expect(sql.out).toMatch(/Scan|Result|Join/);

  const run = cli("run", FILE, "--org", ORGS.dongcheng, "--date", "2026-11-01");
  expect(run.code).toBe(0);
  expect(run.out).toContain("命中 0 条");

  // Parameters: a value to try, checked against the declaration (model 7's graceDays, 1–365).
  expect(cli("run", FILE, "--org", ORGS.dongcheng, "--date", "2026-11-01", "--param", "graceDays=45")).toMatchObject({ code: 0 });
  const badParam = cli("run", FILE, "--org", ORGS.dongcheng, "--date", "2026-11-01", "--param", "graceDays=400");
  expect(badParam.code).toBe(1);
  expect(badParam.out).toContain("params.graceDays: 判决生效后注销宽限天数不能大于 365（上限），实际为 400");

  // A date PostgreSQL cannot hold is refused before `explain` sends it (issue #12 item 13).
  const badDate = cli("sql", FILE, "--org", ORGS.dongcheng, "--date", "0000-01-01");
  expect(badDate.code).toBe(1);
  expect(badDate.out).toContain("--date 0000-01-01：应为 1900—2100 年间的有效日期");
  expect(badDate.out).not.toMatch(/out of range|PostgresError/);
}, 120_000);
