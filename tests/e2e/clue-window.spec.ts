import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { screenshot, signIn } from "./helpers";

// A sliding-window clue (the example model repeated_inpatient_stays, installed here for 东城区 and run
// through the API): the clue page shows 最密集窗口 with its dates and counts, the window's stays as a
// table with the ID numbers masked, and the explanation's window lines with this clue's figures. The
// fixture's scan fails the test on any clear ID or mobile number the pages load.

const example = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../models/examples/repeated-inpatient-stays.json"), "utf8")) as {
  key: string;
  name: string;
  description: string;
  legalBasis: string;
  businessLine: string;
  rule: unknown;
};

/** The registry's canonical JSON (keys sorted), as lib/models/registry.ts hashes a definition. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

async function installExample(): Promise<string> {
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    const [{ orgId }] = await sql<{ orgId: string }[]>`select org_id as "orgId" from users where username = 'prosecutor'`;
    const [existing] = await sql<{ id: string }[]>`select id from models where owner_org_id = ${orgId} and key = ${example.key}`;
    if (existing) return existing.id;
    const [model] = await sql<{ id: string }[]>`
      insert into models (key, name, description, legal_basis, business_line, owner_org_id)
      values (${example.key}, ${example.name}, ${example.description}, ${example.legalBasis}, ${example.businessLine}, ${orgId}) returning id`;
    // Stored as the API stores a checked rule: with zod's defaults filled in (no joins: []).
    const definition = { ...(example.rule as object), joins: [] };
    const hash = createHash("sha256").update(canonical(definition)).digest("hex");
    await sql`insert into model_versions (model_id, version, definition, content_hash, status, published_at)
              values (${model.id}, 1, ${sql.json(definition as never)}, ${hash}, 'published', now())`;
    return model.id;
  } finally {
    await sql.end();
  }
}

test("a sliding-window clue shows its densest window and the window's stays, ID numbers masked", async ({ page, request }) => {
  test.setTimeout(120_000);
  const modelId = await installExample();
  const auth = { Authorization: `Bearer ${process.env.E2E_API_KEY}` };
  const started = await request.post(`/api/v1/models/${modelId}/runs`, { headers: auth, data: { runDate: "2026-11-01" } });
  expect(started.status()).toBe(202);
  const { id } = (await started.json()) as { id: string };
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/runs/${id}`, { headers: auth })).json()) as { status: string }).status, { timeout: 90_000 })
    .toBe("succeeded");

  await signIn(page, "prosecutor");
  await page.goto("/clues");
  await page.getByLabel("监督模型").selectOption({ label: example.name });
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/model=/);
  await page.getByTestId("clue-row").first().getByRole("link").first().click();

  const why = page.getByTestId("why-hit");
  await expect(why).toContainText("滑动窗口：按 住院结算.参保人身份证号 逐一统计");
  await expect(why).toContainText(/本线索：\d+ 条（\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}）/);
  await expect(why).toContainText("每个主体只产生一条线索");

  const sections = page.getByTestId("evidence-section");
  const summary = sections.filter({ hasText: "最密集窗口" });
  await expect(summary).toContainText(/起止日期\s*\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
  await expect(summary).toContainText("90 日");
  const table = page.getByTestId("evidence-table");
  await expect(table.locator("th")).toContainText(["结算单号", "定点医疗机构", "入院日期", "出院日期", "医疗总费用（元）", "参保人身份证号"]);
  const rows = table.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  await expect(rows.first().locator("td").last()).toHaveText(/^\d{4}\*{10}[\dX]{4}$/);
  await screenshot(page, "clue-window");
});
