import { expect, test } from "./fixtures";
import { screenshot, signIn } from "./helpers";

test("a prosecutor sees the eight published built-in models", async ({ page }) => {
  await signIn(page, "prosecutor");
  await page.getByTestId("sidebar").getByRole("link", { name: "模型", exact: true }).click();
  await expect(page.getByTestId("model-row")).toHaveCount(8);
  await expect(page.getByTestId("models-table")).toContainText("审前未羁押判处实刑罪犯交付执行监督");
  await expect(page.getByTestId("models-table")).toContainText("已上架");
  await screenshot(page, "models-list");
});
