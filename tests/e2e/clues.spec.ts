import { expect, test } from "./fixtures";
import { screenshot, signIn, signOut } from "./helpers";

const MODEL_1 = "审前未羁押判处实刑罪犯交付执行监督";

test("a prosecutor filters the list, opens a clue, sees why it hit, works it to 成案 with an outcome; the leader sees it counted", async ({ page }) => {
  await signIn(page, "prosecutor");
  await expect(page.getByTestId("home-clues")).toContainText("我承办、未办结");
  await expect(page.getByTestId("my-clues").getByRole("link")).not.toHaveCount(0);
  await screenshot(page, "home-prosecutor-clues");

  await page.getByTestId("sidebar").getByRole("link", { name: "线索", exact: true }).click();
  await expect(page.getByTestId("clue-row").first()).toBeVisible();
  await screenshot(page, "clues-list");

  // Filter: model 1, waiting to be assigned.
  await page.getByLabel("监督模型").selectOption({ label: MODEL_1 });
  await page.getByRole("button", { name: "筛选" }).click();
  await page.getByTestId("tab-new").click();
  await expect(page).toHaveURL(/status=new/);
  const rows = page.getByTestId("clue-row");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain(MODEL_1);
  // ID numbers are masked in the list.
  await expect(page.getByTestId("clue-table")).toContainText("****");
  const confirmedBefore = Number(await page.getByTestId("tab-confirmed").locator("span").innerText());
  const filteredList = page.url();

  await rows.first().getByRole("link").first().click();
  await expect(page.getByTestId("clue-status")).toHaveText("待分派");
  const title = await page.getByTestId("clue-title").innerText();
  await expect(page.getByTestId("evidence-section").first()).toContainText("刑事判决");
  await expect(page.getByTestId("why-hit")).toContainText("监狱收押：未找到 身份证号 等于");
  await expect(page.getByTestId("why-hit")).toContainText("本线索：实刑");

  // Reveal the subject's ID number: an explicit, logged action.
  const reveal = page.getByTestId("reveal-subject");
  await expect(reveal).toContainText("****");
  await reveal.getByRole("button", { name: "查看" }).click();
  await expect(reveal).toContainText(/\d{17}[\dX]/);
  await expect(reveal).toContainText("已记录查看");

  // 分派给我 → 开始核查 → 成案.
  await page.getByTestId("action-assign").getByRole("button", { name: "分派给我" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("已分派");
  await page.getByTestId("action-verify").getByRole("textbox").fill("调取执行通知书与监狱收押名册");
  await page.getByTestId("action-verify").getByRole("button", { name: "开始核查" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("核查中");

  // Dismissal needs a reason: refused with a message, status unchanged.
  await page.getByRole("tab", { name: "不成案", exact: true }).click();
  await page.getByTestId("action-dismiss").getByRole("button", { name: "不成案" }).click();
  await expect(page.getByTestId("action-dismiss").getByTestId("form-error")).toContainText("不成案须填写理由");
  await expect(page.getByTestId("clue-status")).toHaveText("核查中");

  await page.getByRole("tab", { name: "成案", exact: true }).click();
  await page.getByLabel("监督案件号").fill("东检监〔2026〕88号");
  await page.getByTestId("action-confirm").getByRole("button", { name: "确认成案" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("成案");

  await page.getByLabel("成效类型").selectOption({ label: "挽回经济损失" });
  await page.getByLabel("挽回金额（元）").fill("52000");
  await page.getByTestId("outcome-form").getByRole("button", { name: "记录成效" }).click();
  await expect(page.getByTestId("outcomes")).toContainText("挽回经济损失");
  await expect(page.getByTestId("outcomes")).toContainText("52,000");
  await expect(page.getByTestId("history-entry")).toHaveCount(4);
  await expect(page.getByTestId("history")).toContainText("东检监〔2026〕88号");
  await screenshot(page, "clue-detail-confirmed");

  await page.goto(filteredList.replace("status=new", "status=confirmed"));
  await expect(page.getByTestId("tab-confirmed").locator("span")).toHaveText(String(confirmedBefore + 1));
  await expect(page.getByTestId("clue-table")).toContainText(title);
  await signOut(page);

  // The province leader sees the confirmed clue counted and listed (its subtree).
  await signIn(page, "leader");
  await page.goto(`/clues?status=confirmed`);
  await expect(page.getByTestId("clue-table")).toContainText(title);
  await expect(page.getByTestId("clue-table")).toContainText("临江市东城区人民检察院");
  await screenshot(page, "clues-list-leader");
});

test("another org's prosecutor gets 404 for the clue and does not see it listed", async ({ page }) => {
  await signIn(page, "prosecutor");
  await page.goto("/clues");
  const href = await page.getByTestId("clue-row").first().getByRole("link").first().getAttribute("href");
  const title = await page.getByTestId("clue-row").first().getByRole("link").first().innerText();
  await signOut(page);
  await signIn(page, "prosecutor_nanhu");
  const response = await page.goto(href!);
  expect(response?.status()).toBe(404);
  await page.goto(`/clues?q=${encodeURIComponent(title)}`);
  await expect(page.getByRole("heading", { name: "线索" })).toBeVisible();
  await expect(page.locator(`a[href="${href}"]`)).toHaveCount(0);
});

test("a prosecutor runs a model from its page and watches the run finish", async ({ page }) => {
  await signIn(page, "prosecutor");
  await page.getByTestId("sidebar").getByRole("link", { name: "模型", exact: true }).click();
  await expect(page).toHaveURL(/\/models$/);
  await page.getByTestId("models-table").getByRole("link", { name: "醉驾判刑后驾驶证未吊销" }).click();
  await expect(page.getByTestId("model-rule")).toContainText("刑事判决");
  const before = await page.getByTestId("run-row").count();
  await page.getByTestId("run-now").click();
  await expect(page.getByTestId("run-row")).toHaveCount(before + 1);
  // The worker runs it; the page refreshes itself until the run ends.
  await expect(page.getByTestId("run-row").first()).toContainText("成功", { timeout: 30_000 });
  await expect(page.getByTestId("active-run")).toHaveCount(0);
  await screenshot(page, "model-runs");

  await page.getByLabel("定时运行").selectOption({ label: "每日 02:00" });
  await page.getByTestId("schedule-form").getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("schedule-label")).toHaveText("每日 02:00");
});

test("a prosecutor exports the filtered list to Excel", async ({ page }) => {
  await signIn(page, "prosecutor");
  await page.goto("/clues?status=new");
  const download = page.waitForEvent("download");
  await page.getByTestId("export-clues").click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^监督线索_\d{8}\.xlsx$/);
});

test("a clue transferred to another procuratorate and reopened by the leader shows the reopening in the receiving clue's history", async ({ page }) => {
  const receiver = "临江市西城区人民检察院";
  await signIn(page, "prosecutor");
  await page.goto("/clues?status=new&sort=oldest");
  await page.getByTestId("clue-row").first().getByRole("link").first().click();
  const title = await page.getByTestId("clue-title").innerText();
  const sourceUrl = page.url();
  await page.getByTestId("action-assign").getByRole("button", { name: "分派给我" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("已分派");
  await page.getByRole("tab", { name: "移送", exact: true }).click();
  await page.getByLabel("接收检察院").selectOption({ label: receiver });
  await page.getByTestId("action-transfer").getByRole("button", { name: "移送" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("已移送");
  await signOut(page);

  // The city leader (the tree above 东城区) reopens it with a reason.
  await signIn(page, "city_leader");
  await page.goto(sourceUrl);
  await page.getByRole("tab", { name: "重新打开", exact: true }).click();
  await page.getByLabel("重新打开理由").fill("移送对象有误，应由东城区继续核查");
  await page.getByTestId("action-reopen").getByRole("button", { name: "重新打开" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("核查中");
  await signOut(page);

  // The receiving procuratorate's clue keeps its course; its history says who reopened the original and why.
  await signIn(page, "multi");
  await page.goto("/clues");
  await page.getByTestId("clue-table").getByRole("link", { name: title }).first().click();
  await expect(page.getByTestId("clue-status")).toHaveText("待分派");
  await expect(page.getByTestId("history")).toContainText("临江市人民检察院已重新打开移送来的原线索 #");
  await expect(page.getByTestId("history")).toContainText("移送对象有误，应由东城区继续核查");
  await expect(page.getByTestId("history")).toContainText("吴海");
  await screenshot(page, "clue-detail-received-source-reopened");
});
