import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { screenshot, signIn, uniqueName } from "./helpers";

// Issue #12 items 15 and 16: a form refused by the server keeps exactly what the user typed and
// chose, and what is saved afterwards is what the form shows.

/** Opens a clue waiting to be assigned and takes it to 核查中 as the prosecutor. */
async function openVerifyingClue(page: Page): Promise<void> {
  await page.goto("/clues?status=new");
  // The last row of the page: clues.spec takes the first one.
  await page.getByTestId("clue-row").last().getByRole("link").first().click();
  await expect(page.getByTestId("clue-status")).toHaveText("待分派");
  await page.getByTestId("action-assign").getByRole("button", { name: "分派给我" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("已分派");
  await page.getByTestId("action-verify").getByRole("button", { name: "开始核查" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("核查中");
}

test("the confirm, dismiss and transfer forms keep what was typed after a refusal", async ({ page }) => {
  await signIn(page, "prosecutor");
  await openVerifyingClue(page);

  // 不成案 with a one-character reason: refused, the reason stays.
  await page.getByRole("tab", { name: "不成案", exact: true }).click();
  const dismiss = page.getByTestId("action-dismiss");
  await dismiss.getByLabel("不成案理由").fill("否");
  await dismiss.getByRole("button", { name: "不成案" }).click();
  await expect(dismiss.getByTestId("form-error")).toContainText("不成案须填写理由");
  await expect(dismiss.getByLabel("不成案理由")).toHaveValue("否");
  await screenshot(page, "clue-dismiss-form-error");

  // 移送 to both an org and an agency: refused, both choices and the note stay.
  await page.getByRole("tab", { name: "移送", exact: true }).click();
  const transfer = page.getByTestId("action-transfer");
  await transfer.getByLabel("接收检察院").selectOption({ index: 1 });
  const chosenOrg = await transfer.getByLabel("接收检察院").inputValue();
  await transfer.getByLabel("外部单位").fill("临江市公安局");
  await transfer.getByLabel("说明").fill("涉及外地羁押记录");
  await transfer.getByRole("button", { name: "移送" }).click();
  await expect(transfer.getByTestId("form-error")).toContainText("二选一");
  await expect(transfer.getByLabel("接收检察院")).toHaveValue(chosenOrg);
  await expect(transfer.getByLabel("外部单位")).toHaveValue("临江市公安局");
  await expect(transfer.getByLabel("说明")).toHaveValue("涉及外地羁押记录");
  await screenshot(page, "clue-transfer-form-error");
  await expect(page.getByTestId("clue-status")).toHaveText("核查中");

  // An accepted 备注 empties its form (the tab stays open for the next one).
  await page.getByRole("tab", { name: "备注", exact: true }).click();
  const note = page.getByTestId("action-comment");
  await note.getByLabel("备注").fill("已电话联系法院执行局");
  await note.getByRole("button", { name: "添加备注" }).click();
  await expect(note.getByTestId("form-success")).toBeVisible();
  await expect(note.getByLabel("备注")).toHaveValue("");
  await expect(page.getByTestId("history")).toContainText("已电话联系法院执行局");

  // 成案 without the case number: refused, the 核查结论 stays; adding the number files the case.
  await page.getByRole("tab", { name: "成案", exact: true }).click();
  const confirm = page.getByTestId("action-confirm");
  await confirm.getByLabel("说明").fill("经调取执行通知书，确认未交付执行");
  await confirm.getByRole("button", { name: "确认成案" }).click();
  await expect(confirm.getByTestId("form-error")).toContainText("成案须填写监督案件号");
  await expect(confirm.getByLabel("说明")).toHaveValue("经调取执行通知书，确认未交付执行");
  await expect(confirm.getByLabel("监督案件号")).toHaveValue("");
  await screenshot(page, "clue-confirm-form-error");
  await confirm.getByLabel("监督案件号").fill("东检监〔2026〕91号");
  await confirm.getByRole("button", { name: "确认成案" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("成案");
  await expect(page.getByTestId("history")).toContainText("经调取执行通知书，确认未交付执行");
});

test("the outcome form saves the outcome it shows: 挽回经济损失 survives a refused amount, 12,500 and 1.25万 are amounts", async ({ page }) => {
  await signIn(page, "prosecutor");
  await openVerifyingClue(page);
  await page.getByRole("tab", { name: "成案", exact: true }).click();
  await page.getByLabel("监督案件号").fill("东检监〔2026〕92号");
  await page.getByTestId("action-confirm").getByRole("button", { name: "确认成案" }).click();
  await expect(page.getByTestId("clue-status")).toHaveText("成案");

  const form = page.getByTestId("outcome-form");
  await form.getByLabel("成效类型").selectOption({ label: "挽回经济损失" });
  await form.getByLabel("挽回金额（元）").fill("一万二");
  await form.getByLabel("文书号").fill("东检建〔2026〕15号");
  await form.getByLabel("成效说明").fill("追缴违法所得");
  await form.getByRole("button", { name: "记录成效" }).click();
  await expect(form.getByTestId("form-error")).toContainText("金额");
  // The form still shows what was chosen and typed.
  await expect(form.getByLabel("成效类型")).toHaveValue("recovery");
  await expect(form.getByLabel("成效类型").locator("option:checked")).toHaveText("挽回经济损失");
  await expect(form.getByLabel("挽回金额（元）")).toHaveValue("一万二");
  await expect(form.getByLabel("文书号")).toHaveValue("东检建〔2026〕15号");
  await expect(form.getByLabel("成效说明")).toHaveValue("追缴违法所得");
  await screenshot(page, "clue-outcome-form-error");

  await form.getByLabel("挽回金额（元）").fill("12,500");
  await form.getByRole("button", { name: "记录成效" }).click();
  await expect(page.getByTestId("outcomes")).toContainText("挽回经济损失");

  // What was stored, as the page reads it back after a reload.
  await page.reload();
  const stored = page.getByTestId("outcomes").getByRole("listitem");
  await expect(stored).toHaveCount(1);
  await expect(stored.first()).toContainText("挽回经济损失");
  await expect(stored.first()).toContainText("12,500 元");
  await expect(stored.first()).toContainText("东检建〔2026〕15号");
  await expect(page.getByTestId("outcomes")).not.toContainText("检察建议");
  await expect(page.getByTestId("history")).toContainText("挽回经济损失，金额 12,500 元");

  // A second recovery written in 万元.
  await page.getByTestId("outcome-form").getByLabel("成效类型").selectOption({ label: "挽回经济损失" });
  await page.getByTestId("outcome-form").getByLabel("挽回金额（元）").fill("1.25万");
  await page.getByTestId("outcome-form").getByRole("button", { name: "记录成效" }).click();
  await expect(page.getByTestId("outcomes").getByRole("listitem")).toHaveCount(2);
  await expect(page.getByTestId("outcomes-card")).toContainText("挽回 25,000 元");
  await screenshot(page, "clue-outcomes-recorded");
});

test("the new-user form keeps every field and choice when the username is taken", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/users/new");
  await page.getByLabel("用户名").fill("prosecutor");
  await page.getByLabel("姓名").fill("重名测试");
  await page.getByLabel("所属院").selectOption({ label: "　　临江市西城区人民检察院（基层院）" });
  await page.getByLabel("初始密码").fill("Xicheng#Start2026");
  await page.getByLabel("检察官").check();
  await page.getByLabel("模型建设者").check();
  await page.getByRole("button", { name: "创建用户" }).click();
  await expect(page.getByTestId("form-error")).toContainText("prosecutor");
  await expect(page.getByLabel("用户名")).toHaveValue("prosecutor");
  await expect(page.getByLabel("姓名")).toHaveValue("重名测试");
  await expect(page.getByLabel("所属院").locator("option:checked")).toHaveText("　　临江市西城区人民检察院（基层院）");
  await expect(page.getByLabel("初始密码")).toHaveValue("Xicheng#Start2026");
  await expect(page.getByLabel("检察官")).toBeChecked();
  await expect(page.getByLabel("模型建设者")).toBeChecked();
  await expect(page.getByLabel("院领导")).not.toBeChecked();
  await screenshot(page, "admin-user-form-duplicate");

  // Changing only the username is enough to create the user with everything else as chosen.
  const username = uniqueName("keep");
  await page.getByLabel("用户名").fill(username);
  await page.getByRole("button", { name: "创建用户" }).click();
  const row = page.locator(`[data-testid=user-row][data-username=${username}]`);
  await expect(row).toContainText("临江市西城区人民检察院");
  await expect(row).toContainText("检察官");
  await expect(row).toContainText("模型建设者");
});

test("the org form and the dataset definition form keep what was typed after a refusal", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/orgs");
  const city = page.locator("[data-testid=org-node][data-org-name=临江市人民检察院]").first();
  await city.getByRole("button", { name: "新建基层院" }).first().click();
  const add = page.getByTestId("add-org-form");
  await add.getByLabel("下级院名称").fill("临江市东城区人民检察院");
  await add.getByRole("button", { name: "创建基层院" }).click();
  await expect(add.getByTestId("form-error")).toContainText("已有名为“临江市东城区人民检察院”的院");
  await expect(add.getByLabel("下级院名称")).toHaveValue("临江市东城区人民检察院");
  await screenshot(page, "admin-org-form-duplicate");
  await page.getByRole("button", { name: "退出登录" }).click();

  await signIn(page, "data_admin");
  await page.goto("/datasets/new");
  const editor = page.getByLabel("数据资源定义（JSON）");
  const edited = (await editor.inputValue()).replace(/"key": "[^"]*"/, '"key": "Bad Key"');
  await editor.fill(edited);
  await page.getByRole("button", { name: "登记并建表" }).click();
  await expect(page.getByTestId("definition-issues")).toContainText("key");
  await expect(editor).toHaveValue(edited);
  await screenshot(page, "dataset-definition-form-error");
});

test("the model preview keeps the run date after a refusal", async ({ page }) => {
  await signIn(page, "prosecutor");
  await page.goto("/models");
  await page.getByTestId("models-table").getByRole("link", { name: "审前未羁押判处实刑罪犯交付执行监督" }).click();
  const panel = page.getByTestId("model-preview");
  await panel.getByLabel("运行日期").fill("1899-12-31");
  await panel.getByRole("button", { name: "预览" }).click();
  // The message itself is lib/rules' (today a generic 请求参数有误); what is checked here is the form.
  await expect(panel.getByTestId("form-error")).toBeVisible();
  await expect(panel.getByLabel("运行日期")).toHaveValue("1899-12-31");
  await screenshot(page, "model-preview-form-error");
});
