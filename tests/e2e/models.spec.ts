import { expect, test } from "./fixtures";
import { screenshot, signIn } from "./helpers";

test("a prosecutor sees the eight published built-in models", async ({ page }) => {
  await signIn(page, "prosecutor");
  await page.getByTestId("sidebar").getByRole("link", { name: "模型", exact: true }).click();
  // Other specs may have added models of this org by now (drafts, the window example): the published built-ins are eight.
  await expect(page.getByTestId("model-row").filter({ hasText: "内置模型" }).filter({ hasText: "已上架" })).toHaveCount(8);
  await expect(page.getByTestId("models-table")).toContainText("审前未羁押判处实刑罪犯交付执行监督");
  await expect(page.getByTestId("models-table")).toContainText("已上架");
  await screenshot(page, "models-list");
});

test("a prosecutor previews a model's hits on its page: phones and ID numbers masked, nothing stored", async ({ page }) => {
  await signIn(page, "prosecutor");
  await page.goto("/models");
  await page.getByTestId("models-table").getByRole("link", { name: "涉企民事诉讼违法公告送达" }).click();
  const panel = page.getByTestId("model-preview");
  await panel.getByRole("button", { name: "预览" }).click();
  await expect(panel.getByTestId("preview-count")).toContainText("个人信息已脱敏");
  await expect(panel.getByTestId("preview-row").first()).toBeVisible();
  // Model 3 reads company phones: each shows as 3 digits, ****, 4 digits.
  await expect(panel.getByTestId("preview-table")).toContainText(/联系电话：\d{3}\*{4}\d{4}/);
  await screenshot(page, "model-preview-masked");

  await page.goto("/models");
  await page.getByTestId("models-table").getByRole("link", { name: "审前未羁押判处实刑罪犯交付执行监督" }).click();
  await expect(panel).toBeVisible();
  const runsBefore = await page.getByTestId("run-row").count();
  // As of the demo data's reference day (model 1 counts days from the run date).
  await panel.getByLabel("运行日期").fill("2026-11-01");
  await panel.getByRole("button", { name: "预览" }).click();
  await expect(panel.getByTestId("preview-row").first()).toBeVisible();
  const ids = await panel.getByTestId("preview-row").locator("td:nth-child(3)").allInnerTexts();
  for (const id of ids) expect(id).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
  await page.reload();
  await expect(page.getByTestId("run-row")).toHaveCount(runsBefore);
  // The fixture's scan (./fixtures) fails this test if any answer above carried a clear value.
});
