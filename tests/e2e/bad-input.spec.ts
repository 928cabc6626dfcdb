// Hand-edited links that used to reach PostgreSQL and answer the 500 error page (issue #12 item 13):
// each page now shows a Chinese message naming what is wrong, or 404 for what the user may not see.
import { expect, test } from "./fixtures";
import { screenshot, signIn, signOut } from "./helpers";

const b64 = (s: string): string => Buffer.from(s).toString("base64url");

/** Opens the URL and expects a page (not the error page) whose text matches `message`. */
async function expectMessage(page: import("@playwright/test").Page, url: string, message: RegExp): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
  await expect(page.locator("main"), url).toContainText(message);
}

test("clue list: a bad q, cursor or date is a message naming the field", async ({ page }) => {
  await signIn(page, "prosecutor");
  await expectMessage(page, `/clues?q=${encodeURIComponent("张\u0000三")}`, /筛选条件有误：搜索词：不能包含空字符/);
  await expectMessage(page, `/clues?cursor=${b64("1|1")}`, /筛选条件有误：分页游标：分页游标无效/);
  await expectMessage(page, `/clues?cursor=${b64("2026-02-30 10:00:00+08|5")}`, /分页游标无效/);
  await expectMessage(page, "/clues?from=2026-13-45", /筛选条件有误：起始日期：应为 1900—2100 年间的有效日期/);
  await screenshot(page, "bad-input-clues");
});

test("users and audit log: a bad q, cursor or date is a message naming the field", async ({ page }) => {
  await signIn(page, "admin");
  await expectMessage(page, `/admin/users?q=${encodeURIComponent("王\u0000")}`, /筛选条件有误：搜索词：不能包含空字符/);
  await expect(page.getByTestId("users-table")).toBeVisible();
  await expectMessage(page, "/admin/audit?cursor=99999999999999999999", /筛选条件有误：分页游标：分页游标无效/);
  await expectMessage(page, "/admin/audit?from=2026-13-45", /筛选条件有误：起始日期：应为 1900—2100 年间的有效日期/);
  await expect(page.getByTestId("audit-table")).toBeVisible();
  await screenshot(page, "bad-input-audit");
});

test("a dataset's rows tab: rowId=1e20 is a message; a key that cannot exist is 404", async ({ page }) => {
  await signIn(page, "data_admin");
  await expectMessage(page, "/datasets/criminal_judgment?tab=rows&rowId=1e20", /行标识无效/);
  await expect(page.getByTestId("rows-error")).toBeVisible();
  await screenshot(page, "bad-input-rows");
  await expectMessage(page, "/datasets/criminal_judgment?tab=rows&cursor=99999999999999999999", /分页游标无效/);
  const res = await page.goto(`/datasets/${encodeURIComponent("criminal\u0000judgment")}?tab=rows`);
  expect(res?.status()).toBe(404);
  await signOut(page);
});

test("/stats?org= an org outside the user's scope is 404; a month PostgreSQL cannot hold is a message", async ({ page }) => {
  await signIn(page, "leader");
  await page.goto("/stats");
  const qingshan = await page.getByTestId("stats-filter").getByLabel("院").locator("option", { hasText: "青山市人民检察院" }).getAttribute("value");
  expect(qingshan).toMatch(/^[0-9a-f-]{36}$/);
  await signOut(page);

  await signIn(page, "city_leader");
  const res = await page.goto(`/stats?org=${qingshan}`);
  expect(res?.status()).toBe(404);
  await expectMessage(page, "/stats?month=0000-01", /查询条件有误：月份：月份应在 1900—2100 年间/);
  await signOut(page);
});
