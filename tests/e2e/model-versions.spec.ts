import { expect, test } from "./fixtures";
import { screenshot, signIn, signOut } from "./helpers";

const MODEL7 = "醉驾判刑后驾驶证未吊销";

test("a province builder edits a published model into a v2 draft; the diff shows the change; v1 still runs", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "province_builder");
  await page.goto("/models");
  await page.getByTestId("models-table").getByRole("link", { name: MODEL7 }).click();
  await expect(page.getByTestId("version-history")).toBeVisible();
  await page.getByTestId("edit-model").click();
  await expect(page).toHaveURL(/\/versions\/\d+$/);
  const draftUrl = page.url();
  const editor = page.getByTestId("draft-editor");
  // The draft opens in the no-code builder; its JSON view edits the same rule.
  await editor.getByTestId("view-json").click();
  const box = editor.getByLabel("规则定义（JSON）");
  const original = await box.inputValue();
  // Model 7's grace period is a parameter: 30 days by default.
  expect(original).toContain('"default": 30');

  // A mistake is told at its path, and what was typed stays.
  await box.fill(original.replace('"op": "eq"', '"op": "eqq"'));
  await editor.getByTestId("save-draft").click();
  await expect(editor.getByTestId("draft-issues")).toContainText("definition.where.all[0].op");
  await expect(box).toHaveValue(/"op": "eqq"/);
  await screenshot(page, "model-draft-error");

  await box.fill(original.replace('"default": 30', '"default": 60'));
  await editor.getByTestId("save-draft").click();
  await expect(editor.getByTestId("form-success")).toContainText("已保存草稿");
  await page.reload();
  await expect(page.getByTestId("version-rule")).toContainText("运行日前 60 日");
  await screenshot(page, "model-draft-saved");

  await page.getByTestId("diff-with-base").click();
  // The parameter's default changed, and with it the condition that reads it.
  const change = page.getByTestId("diff-change");
  await expect(change).toHaveCount(2);
  await expect(change.filter({ hasText: "修改条件" })).toContainText("运行日前 30 日");
  await expect(change.filter({ hasText: "修改条件" })).toContainText("运行日前 60 日");
  await expect(change.filter({ hasText: "修改参数" })).toContainText("默认 60");
  await expect(page.getByTestId("diff-lines").locator('[data-op="removed"]')).toHaveCount(1);
  await screenshot(page, "model-version-diff");

  await page.getByRole("link", { name: `← ${MODEL7}` }).click();
  const rows = page.getByTestId("version-row");
  await expect(rows.first()).toContainText("草稿");
  await expect(rows.first()).toContainText("何志远");
  await expect(page.getByTestId("version-row").filter({ hasText: "已上架" })).toHaveCount(1);
  await expect(page.getByTestId("model-rule")).toContainText("运行所用版本");
  await expect(page.getByTestId("model-rule")).toContainText("运行日前 30 日");
  await screenshot(page, "model-version-history");

  // Another org's builder neither sees nor opens the draft; it may copy the published model.
  await signOut(page);
  await signIn(page, "builder");
  expect((await page.goto(draftUrl))?.status()).toBe(404);
  await page.goto("/models");
  await page.getByTestId("models-table").getByRole("link", { name: MODEL7 }).first().click();
  await expect(page.getByTestId("version-row")).toHaveCount(1);
  await expect(page.getByTestId("edit-model")).toHaveCount(0);
  await page.getByTestId("copy-model").click();
  await expect(page).toHaveURL(/\/versions\/1$/);
  await expect(page.getByTestId("draft-editor")).toBeVisible();
  await expect(page.getByTestId("version-rule")).toContainText("运行日前 30 日");

  // v1 still runs: a district prosecutor's run executes the published version.
  await signOut(page);
  await signIn(page, "prosecutor");
  await page.goto("/models");
  await page.getByTestId("models-table").getByRole("link", { name: MODEL7 }).click();
  await expect(page.getByTestId("version-row")).toHaveCount(1);
  const before = await page.getByTestId("run-row").count();
  await page.getByTestId("run-now").click();
  await expect(page.getByTestId("run-row")).toHaveCount(before + 1);
  await expect(page.getByTestId("run-row").first()).toContainText("成功", { timeout: 45_000 });
  await expect(page.getByTestId("run-row").first()).toContainText("v1");
});

test("a builder creates a model from 新建模型: a mistake is shown at its field, then draft v1 opens", async ({ page }) => {
  await signIn(page, "builder");
  await page.goto("/models");
  await page.getByTestId("new-model").click();
  const form = page.getByTestId("new-model-form");
  await form.getByLabel("模型名称").fill("醉驾判决核查（临江）");
  await form.getByLabel("模型标识").fill("Bad Key");
  await form.getByLabel("业务条线").selectOption({ label: "刑事" });
  await form.getByLabel("监督点").selectOption({ label: "刑罚执行·交付执行" });
  await form.getByTestId("create-model").click();
  await expect(form).toContainText("模型标识应以小写字母开头");
  await expect(form.getByLabel("模型名称")).toHaveValue("醉驾判决核查（临江）");
  await screenshot(page, "model-new-error");
  await form.getByLabel("模型标识").fill(`linjiang_new_${Date.now().toString(36)}`);
  await form.getByTestId("create-model").click();
  await expect(page).toHaveURL(/\/versions\/1$/);
  await expect(page.getByTestId("draft-editor")).toBeVisible();
  await expect(page.getByTestId("version-rule")).toContainText("危险驾驶罪");
  await page.getByRole("link", { name: "← 醉驾判决核查（临江）" }).click();
  await expect(page.getByTestId("version-row")).toHaveCount(1);
  await expect(page.getByText("监督点：刑罚执行·交付执行")).toBeVisible();
  await screenshot(page, "model-new-created");
});
