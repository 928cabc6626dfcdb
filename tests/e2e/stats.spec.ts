import { expect, test } from "./fixtures";
import { screenshot, signIn, signOut } from "./helpers";

test("a leader reads the month's statistics, drills into a figure and downloads the monthly briefing", async ({ page }) => {
  await signIn(page, "leader");
  // The home page's glance at last month agrees with the dashboard.
  const homeFound = await page.getByTestId("home-stats").getByRole("link").first().locator("div").first().innerText();
  await expect(page.getByTestId("home-stats")).toContainText("上月成案率");
  await page.getByTestId("sidebar").getByRole("link", { name: "统计", exact: true }).click();
  await expect(page.getByTestId("kpis").getByTestId("kpi-card")).toHaveCount(9);
  await expect(page.getByTestId("kpi-card").filter({ hasText: "发现线索" })).toContainText(homeFound);
  await expect(page.getByTestId("kpis")).toContainText("成案率");
  await expect(page.getByTestId("kpis")).toContainText("底线 10.0%");
  await expect(page.getByTestId("org-row")).toHaveCount(3);
  await expect(page.getByTestId("org-table")).toContainText("临江市人民检察院");
  await expect(page.getByTestId("org-table")).toContainText("青山市人民检察院");
  await expect(page.getByTestId("trend").locator(".recharts-line")).toHaveCount(3);
  await screenshot(page, "stats-province");

  // Sorting the org table by 成案 puts the larger figure first.
  await page.getByTestId("org-table").getByRole("button", { name: "成案" }).first().click();
  const confirmed = (await page.getByTestId("org-row").locator("td:nth-child(3)").allInnerTexts()).map((v) => Number(v.replace(/,/g, "")));
  expect(confirmed).toEqual([...confirmed].sort((a, b) => b - a));

  const download = page.waitForEvent("download");
  await page.getByTestId("briefing-docx").click();
  expect((await download).suggestedFilename()).toMatch(/^月度通报_江南省人民检察院_\d{4}-\d{2}\.docx$/);

  // A figure opens the clue list with the same filters.
  await page.getByTestId("kpi-card").filter({ hasText: "发现线索" }).click();
  await expect(page).toHaveURL(/\/clues\?org=.*&from=\d{4}-\d{2}-01&to=/);
  await signOut(page);
});

test("a city leader sees its districts but not the sibling city; a prosecutor has no access", async ({ page }) => {
  await signIn(page, "city_leader");
  await page.goto("/stats");
  await expect(page.getByTestId("stats-filter").getByLabel("院")).not.toContainText("青山");
  await expect(page.getByTestId("org-table")).toContainText("临江市东城区人民检察院");
  await expect(page.getByTestId("org-table")).not.toContainText("青山");
  await screenshot(page, "stats-city");
  await signOut(page);

  await signIn(page, "prosecutor");
  await page.goto("/stats");
  await expect(page.getByTestId("forbidden")).toBeVisible();
});
