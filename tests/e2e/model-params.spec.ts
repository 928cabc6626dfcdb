import { expect, test } from "./fixtures";
import { screenshot, signIn } from "./helpers";

const MODEL_1 = "审前未羁押判处实刑罪犯交付执行监督";

test("本院参数: a builder sets the org's grace days (refused out of bounds, kept as typed); the rule reads with the org's value; another org keeps the default", async ({ page }) => {
  await signIn(page, "multi"); // 西城: prosecutor and model builder
  await page.goto("/models");
  await page.getByTestId("models-table").getByRole("link", { name: MODEL_1 }).click();
  const form = page.getByTestId("model-params-form");
  const field = form.getByLabel("交付执行宽限天数");
  await expect(field).toHaveAttribute("placeholder", "30");
  await expect(form).toContainText("默认 30，范围 1–365");

  await field.fill("400");
  await form.getByRole("button", { name: "保存本院参数" }).click();
  await expect(form.getByTestId("form-error")).toContainText("交付执行宽限天数不能大于 365（上限），实际为 400");
  await expect(field).toHaveValue("400");

  await field.fill("45");
  await form.getByRole("button", { name: "保存本院参数" }).click();
  await expect(form.getByTestId("form-success")).toContainText("本院参数已保存");
  const rule = page.getByTestId("model-rule");
  await expect(rule).toContainText("运行日前 45 日（交付执行宽限天数）");
  await expect(rule).toContainText("交付执行宽限天数 = 45（本院设置）");
  await expect(form).toContainText("本院设置");
  await screenshot(page, "model-params");

  // 东城's prosecutor: the default, read only.
  const other = await page.context().browser()!.newPage();
  await signIn(other, "prosecutor");
  await other.goto(page.url());
  await expect(other.getByTestId("model-params")).toContainText("30（默认）");
  await expect(other.getByTestId("model-params-form")).toHaveCount(0);
  await expect(other.getByTestId("model-rule")).toContainText("交付执行宽限天数 = 30（默认）");
  await other.close();

  // Back to the default: an empty field.
  await field.fill("");
  await form.getByRole("button", { name: "保存本院参数" }).click();
  await expect(page.getByTestId("model-rule")).toContainText("交付执行宽限天数 = 30（默认）");
});
