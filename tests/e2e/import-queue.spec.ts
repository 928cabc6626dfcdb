import postgres from "postgres";
import { expect, test } from "./fixtures";
import { idNumberCheckDigit } from "../../lib/datasets/id-number";
import { screenshot, signIn } from "./helpers";

// "替换本院现有数据" asks first, naming the rows it deletes; a queued import shows its place in
// the queue and a data admin cancels it, leaving the data as it was.

const HEADER = "案号,审判法院,被告人姓名,身份证号,罪名,刑罚类型,刑期（月）,审前是否羁押,判决日期,生效日期";

function judgmentCsv(rows: number): string {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i++) {
    const first17 = `32010219880808${String(i).padStart(3, "0")}`;
    lines.push(`（2026）江0102刑初Q${i}号,临江市东城区人民法院,测试${i},${first17 + idNumberCheckDigit(first17)},盗窃罪,实刑,12,否,2026-05-01,2026-05-20`);
  }
  return lines.join("\n") + "\n";
}

async function ownRows(request: import("@playwright/test").APIRequestContext): Promise<number> {
  const res = await request.get("/api/v1/datasets/criminal_judgment", { headers: { Authorization: `Bearer ${process.env.E2E_API_KEY}` } });
  return (await res.json()).rows as number;
}

test("a replace asks for confirmation naming the rows it deletes; the queued import shows its place and is cancelled, data unchanged", async ({ page, request }) => {
  const before = await ownRows(request);
  expect(before).toBeGreaterThan(0);

  // Another import of 东城区's 刑事判决 holds the dataset: ours waits in the queue meanwhile.
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const [ids] = await sql<{ datasetId: string; orgId: string }[]>`
    select (select id from datasets where key = 'criminal_judgment') as "datasetId",
           (select org_id from users where username = 'data_admin') as "orgId"`;
  const holder = sql.reserve();
  const held = await holder;
  await held`begin`;
  await held`select pg_advisory_xact_lock(hashtext(${`import:${ids.datasetId}:${ids.orgId}`}))`;

  try {
    await signIn(page, "data_admin");
    await page.goto("/datasets/criminal_judgment?tab=imports");
    await page.getByLabel("数据文件").setInputFiles({ name: "判决-替换.csv", mimeType: "text/csv", buffer: Buffer.from(judgmentCsv(3)) });
    await page.getByLabel("替换本院现有数据").check();
    await page.getByRole("button", { name: "开始导入" }).click();

    // The confirmation names the org's current rows; going back uploads nothing.
    const confirm = page.getByTestId("replace-confirm");
    await expect(confirm).toBeVisible();
    await expect(confirm.getByTestId("replace-count")).toHaveText(before.toLocaleString("zh-CN"));
    await expect(confirm).toContainText("判决-替换.csv");
    await screenshot(page, "imports-replace-confirm");
    await confirm.getByRole("button", { name: "返回" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId("import-row").filter({ hasText: "判决-替换.csv" })).toHaveCount(0);

    await page.getByRole("button", { name: "开始导入" }).click();
    await page.getByTestId("replace-confirm").getByRole("button", { name: /确认替换/ }).click();
    const row = page.getByTestId("import-row").filter({ hasText: "判决-替换.csv" }).first();
    await expect(row).toHaveAttribute("data-status", "queued", { timeout: 15_000 });
    await expect(row).toContainText("替换");
    await expect(row.getByTestId("queue-place")).toContainText("排队第 1 位");
    await screenshot(page, "imports-queued-place");

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "取消导入" }).click();
    await expect(row).toHaveAttribute("data-status", "cancelled", { timeout: 15_000 });
    await expect(row).toContainText("已取消：周强取消了此次导入，数据保持不变");
    await screenshot(page, "imports-cancelled");
  } finally {
    await held`rollback`;
    held.release();
    await sql.end({ timeout: 5 });
  }
  expect(await ownRows(request)).toBe(before);
});
