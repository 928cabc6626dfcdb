import { expect, test } from "./fixtures";
import { screenshot, signIn } from "./helpers";

// A clue's evidence of what its rule searched: model 1's 命中原因 says in one line what it looked for in
// 监狱收押 and did not find — with the defendant's ID number, masked — and model 5's shows the inpatient
// stays its outpatient bill fell in as evidence under their labels (住院结算), with no alias letters.
// The fixture's scan fails either test on any clear ID or mobile number in what the pages load.
const MODEL_1 = "审前未羁押判处实刑罪犯交付执行监督";
const MODEL_5 = "医保基金诈骗（住院期间异地门诊结算）";

async function openFirstClue(page: import("@playwright/test").Page, model: string): Promise<void> {
  await page.goto("/clues");
  await page.getByLabel("监督模型").selectOption({ label: model });
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/model=/);
  await page.getByTestId("clue-row").first().getByRole("link").first().click();
  await expect(page.getByTestId("why-hit")).toBeVisible();
}

test("model 1's 命中原因 states the search in 监狱收押 that found nothing, its ID number masked", async ({ page }) => {
  await signIn(page, "prosecutor");
  await openFirstClue(page, MODEL_1);
  const absent = page.getByTestId("why-hit").locator('li[data-finding="absent"]');
  await expect(absent).toHaveCount(1);
  await expect(absent).toContainText("查无记录");
  await expect(absent).toContainText(/监狱收押：未找到 身份证号 等于 “\d{4}\*{10}[\dX]{4}” 且 收押日期 不早于 \d{4}-\d{2}-\d{2} 的记录/);
  await expect(page.getByTestId("why-hit")).toContainText("数据来源：实刑判决（刑事判决）");
  await screenshot(page, "clue-evidence-absent");
});

test("model 5's clue shows the inpatient stay as evidence under its label and explains what was found", async ({ page }) => {
  await signIn(page, "prosecutor");
  await openFirstClue(page, MODEL_5);
  const sections = page.getByTestId("evidence-section");
  await expect(sections.first()).toContainText("门诊结算");
  const stay = sections.filter({ hasText: "住院结算" }).first();
  await expect(stay).toContainText("入院日期");
  await expect(stay).toContainText("出院日期");
  const found = page.getByTestId("why-hit").locator('li[data-finding="found"]');
  await expect(found).toContainText(/^查有记录\s*住院结算：找到 /);
  await expect(found).toContainText(/本线索：\d 条，见证据/);
  await expect(page.getByTestId("why-hit")).not.toContainText(/（[a-z]）/);
  await screenshot(page, "clue-evidence-found");
});
