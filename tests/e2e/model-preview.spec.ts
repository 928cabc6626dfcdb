import { expect, test } from "./fixtures";
import { screenshot, signIn } from "./helpers";

test("the model page's preview shows the condition funnel as bars and pages through the hits", async ({ page }) => {
  await signIn(page, "prosecutor");
  await page.goto("/models");
  await page.getByTestId("models-table").getByRole("link", { name: "审前未羁押判处实刑罪犯交付执行监督" }).click();
  const panel = page.getByTestId("model-preview");
  // As of the demo data's reference day (model 1 counts days from the run date).
  await panel.getByLabel("运行日期").fill("2026-11-01");
  await panel.getByRole("button", { name: "预览", exact: true }).click();

  // Model 1: the source, then its four top-level conditions, in order; each keeps at most what the one before kept.
  const funnel = panel.getByTestId("preview-funnel");
  await expect(funnel.getByTestId("funnel-step")).toHaveCount(5);
  await expect(funnel.getByTestId("funnel-step").first()).toContainText("实刑判决（刑事判决）：本院全部记录");
  await expect(funnel.getByTestId("funnel-step").nth(1)).toContainText("where.all[0]");
  await expect(funnel.getByTestId("funnel-step").last()).toContainText("不存在满足");
  const rows = (await funnel.getByTestId("funnel-rows").allInnerTexts()).map((t) => Number(t.replace(/,/g, "")));
  for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeLessThanOrEqual(rows[i - 1]);
  const count = Number((await panel.getByTestId("preview-count").innerText()).match(/共命中 ([\d,]+) 条/)![1].replace(/,/g, ""));
  expect(rows.at(-1)).toBe(count);
  expect(count).toBeGreaterThan(10);

  // Pages of 10 to the last (other specs may import rows first: the count is read, not assumed), no row twice; then back.
  await expect(panel.getByTestId("preview-count")).toContainText("第 1 页");
  await expect(panel.getByTestId("preview-row")).toHaveCount(10);
  const firstPage = await panel.getByTestId("preview-row").locator("td:first-child").allInnerTexts();
  await expect(panel.getByTestId("preview-previous")).toBeDisabled();
  await screenshot(page, "model-preview-funnel");
  const seen = [...firstPage];
  const pages = Math.ceil(count / 10);
  for (let n = 2; n <= pages; n++) {
    await panel.getByTestId("preview-next").click();
    await expect(panel.getByTestId("preview-count")).toContainText(`第 ${n} 页`);
    await expect(panel.getByTestId("preview-row")).toHaveCount(Math.min(10, count - 10 * (n - 1)));
    const rowsOfPage = await panel.getByTestId("preview-row").locator("td:first-child").allInnerTexts();
    expect(rowsOfPage.filter((t) => seen.includes(t))).toEqual([]);
    seen.push(...rowsOfPage);
    if (n === 2) await screenshot(page, "model-preview-page-2");
  }
  expect(seen).toHaveLength(count);
  await expect(panel.getByTestId("preview-next")).toBeDisabled();
  for (let n = pages - 1; n >= 1; n--) {
    await panel.getByTestId("preview-previous").click();
    await expect(panel.getByTestId("preview-count")).toContainText(`第 ${n} 页`);
  }
  expect(await panel.getByTestId("preview-row").locator("td:first-child").allInnerTexts()).toEqual(firstPage);
});
