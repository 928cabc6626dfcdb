import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { idNumberCheckDigit } from "../../lib/datasets/id-number";
import { screenshot, signIn, signOut } from "./helpers";

const HEADER = "案号,审判法院,被告人姓名,身份证号,罪名,刑罚类型,刑期（月）,审前是否羁押,判决日期,生效日期";

function idNumber(n: number): string {
  const first17 = `32010219880808${String(n).padStart(3, "0")}`;
  return first17 + idNumberCheckDigit(first17);
}

function judgmentCsv(tag: string, rows: number, badRow = false): string {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i++) lines.push(`（2026）江0102刑初${tag}${i}号,临江市东城区人民法院,测试${i},${idNumber(i)},盗窃罪,实刑,12,否,2026-05-01,2026-05-20`);
  if (badRow) lines.push(`（2026）江0102刑初${tag}X号,临江市东城区人民法院,测试X,${idNumber(999).slice(0, 17)}0,盗窃罪,实刑,十二,否,2026-02-30,2026-05-20`);
  return lines.join("\n") + "\n";
}

async function upload(page: Page, name: string, content: string, lenient: boolean): Promise<void> {
  await page.getByLabel("数据文件").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
  if (lenient) await page.getByLabel("宽松模式：导入正确行，报告错误行").check();
  await page.getByRole("button", { name: "开始导入" }).click();
}

test("a data admin sees the catalog with the demo data, masked", async ({ page }) => {
  await signIn(page, "data_admin");
  await page.getByTestId("sidebar").getByRole("link", { name: "数据" }).click();
  // The nine built-in datasets (other specs may register more).
  for (const key of ["criminal_judgment", "prison_admission", "bribe_giver", "civil_case", "company_registry", "medical_settlement", "insurance_claim", "driving_license", "community_correction"]) {
    await expect(page.locator(`[data-testid=dataset-row][data-key=${key}]`)).toBeVisible();
  }
  await expect(page.locator("[data-testid=dataset-row][data-key=criminal_judgment]")).toContainText("刑事判决");
  await screenshot(page, "datasets-catalog");
  await page.getByRole("link", { name: "刑事判决" }).click();
  await page.getByRole("link", { name: "数据预览" }).click();
  const firstId = page.getByTestId("rows-table").locator("tbody tr").first().locator("td").nth(5);
  await expect(firstId).toHaveText(/^\d{4}\*{10}[\dX]{4}$/);
  await screenshot(page, "datasets-rows-masked");
});

test("a lenient import shows its progress, imports the good rows and lists the bad one by row and column", async ({ page }) => {
  await signIn(page, "data_admin");
  await page.goto("/datasets/criminal_judgment?tab=imports");
  await upload(page, "判决-宽松.csv", judgmentCsv("L", 30, true), true);
  const row = page.getByTestId("import-row").filter({ hasText: "判决-宽松.csv" });
  await expect(row).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
  await expect(row).toContainText("导入 30 行");
  await expect(row).toContainText("错误 1 行");
  await expect(row.getByTestId("import-quality")).toContainText("本次导入质量");
  const errors = row.getByTestId("import-errors");
  await expect(errors).toContainText("第 32 行");
  await expect(errors).toContainText("身份证号校验位错误");
  await expect(errors).toContainText("不是整数：“十二”");
  await expect(errors).toContainText("2026-02-30");
  await screenshot(page, "datasets-import-lenient");
});

test("a strict import with a bad row is rejected whole and the data is unchanged", async ({ page, request }) => {
  const key = process.env.E2E_API_KEY!;
  const before = (await (await request.get("/api/v1/datasets/criminal_judgment", { headers: { Authorization: `Bearer ${key}` } })).json()).rows as number;
  await signIn(page, "data_admin");
  await page.goto("/datasets/criminal_judgment?tab=imports");
  await upload(page, "判决-严格.csv", judgmentCsv("S", 20, true), false);
  const row = page.getByTestId("import-row").filter({ hasText: "判决-严格.csv" });
  await expect(row).toHaveAttribute("data-status", "failed", { timeout: 20_000 });
  await expect(row).toContainText("严格模式：1 行有错误，整个文件未导入");
  const after = (await (await request.get("/api/v1/datasets/criminal_judgment", { headers: { Authorization: `Bearer ${key}` } })).json()).rows as number;
  expect(after).toBe(before);
  await screenshot(page, "datasets-import-strict");
});

test("the API imports a file: 202, then the import's status and counts", async ({ request }) => {
  const headers = { Authorization: `Bearer ${process.env.E2E_API_KEY!}`, "Content-Type": "text/csv" };
  const res = await request.post("/api/v1/datasets/criminal_judgment/imports?mode=strict", { headers, data: judgmentCsv("A", 5) });
  expect(res.status()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/imports/${id}`, { headers })).json()) as { status: string }).status, { timeout: 20_000 })
    .toBe("succeeded");
  const body = await (await request.get(`/api/v1/imports/${id}`, { headers })).json();
  expect(body.counts).toEqual({ read: 5, imported: 5, rejected: 0 });
  const bad = await request.post("/api/v1/datasets/no_such_dataset/imports", { headers, data: "a,b\n1,2\n" });
  expect(bad.status()).toBe(404);
  expect((await bad.json()).error.code).toBe("not_found");
});

test("a city leader sees its districts' rows, not another city's", async ({ page }) => {
  await signIn(page, "leader");
  await page.goto("/datasets/criminal_judgment?tab=rows");
  await expect(page.getByTestId("rows-table")).toContainText("临江市东城区人民检察院");
  await signOut(page);
  await signIn(page, "city_leader");
  await page.goto("/datasets/criminal_judgment?tab=rows");
  await expect(page.getByTestId("rows-table")).toContainText("临江市东城区人民检察院");
  await expect(page.getByTestId("rows-table")).not.toContainText("青山市南湖区人民检察院");
});

test("a data admin registers a dataset from its JSON definition; mistakes are named by path", async ({ page }) => {
  await signIn(page, "data_admin");
  await page.goto("/datasets/new");
  const editor = page.getByLabel("数据资源定义（JSON）");
  const definition = JSON.parse(await editor.inputValue()) as { key: string; businessKey: string[] };
  await editor.fill(JSON.stringify({ ...definition, key: "ui_penalty", businessKey: ["no_such_field"] }, null, 2));
  await page.getByRole("button", { name: "登记并建表" }).click();
  await expect(page.getByTestId("definition-issues")).toContainText("businessKey.0");
  await expect(page.getByTestId("definition-issues")).toContainText("未定义的字段 no_such_field");
  await editor.fill(JSON.stringify({ ...definition, key: "ui_penalty" }, null, 2));
  await page.getByRole("button", { name: "登记并建表" }).click();
  await expect(page).toHaveURL(/\/datasets\/ui_penalty$/);
  await expect(page.getByTestId("fields-table")).toContainText("决定书文号");
  await screenshot(page, "datasets-registered");
});
