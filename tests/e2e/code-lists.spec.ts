import { expect, test } from "./fixtures";
import { screenshot, signIn, signOut, uniqueName } from "./helpers";

test("the province admin adds, renames and disables an agency; a data admin is offered it, then told it is disabled", async ({ page }) => {
  test.setTimeout(120_000); // five sign-ins and four form round trips on a shared 2-core machine
  const code = uniqueName("water");
  const label = `水利${code.slice(-5)}`;
  await signIn(page, "admin");
  await page.goto("/admin/code-lists");
  await expect(page.getByTestId("code-list")).toContainText("公安交管");
  await expect(page.locator("[data-testid=code-row][data-code=human_resources]")).toContainText("人社");

  const add = page.getByTestId("add-code-form");
  await add.getByLabel("代码").fill("Bad Code");
  await add.getByLabel("中文名称").fill(label);
  await add.getByLabel("英文名称").fill("Water");
  await add.getByRole("button", { name: "新增来源单位" }).click();
  await expect(add.getByTestId("form-error")).toContainText("代码：代码只能由小写字母");
  await expect(add.getByLabel("中文名称")).toHaveValue(label);
  await screenshot(page, "admin-code-lists-refused");
  await add.getByLabel("代码").fill(code);
  await add.getByRole("button", { name: "新增来源单位" }).click();
  await expect(add.getByTestId("form-success")).toContainText(`已新增“${code}”`);
  const row = page.locator(`[data-testid=code-row][data-code=${code}]`);
  await expect(row).toContainText(label);
  await expect(row).toContainText("启用");

  await signOut(page);
  await signIn(page, "data_admin");
  await page.goto("/datasets/new");
  await expect(page.getByTestId("agency-codes")).toContainText(`${code}（${label}）`);
  await signOut(page);

  await signIn(page, "admin");
  await page.goto("/admin/code-lists");
  await row.getByRole("button", { name: "编辑" }).click();
  const edit = page.getByTestId("edit-code-form");
  await edit.getByLabel("中文名称").fill(`${label}局`);
  await edit.getByLabel("启用").uncheck();
  await edit.getByRole("button", { name: "保存" }).click();
  await expect(row).toContainText(`${label}局`);
  await expect(row).toContainText("已停用");
  await screenshot(page, "admin-code-lists");
  await signOut(page);

  await signIn(page, "data_admin");
  await page.goto("/datasets/new");
  await expect(page.getByTestId("agency-codes")).not.toContainText(code);
  const editor = page.getByLabel("数据资源定义（JSON）");
  const definition = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
  await editor.fill(JSON.stringify({ ...definition, key: uniqueName("ui_water"), agency: code }, null, 2));
  await page.getByRole("button", { name: "登记并建表" }).click();
  const issues = page.getByTestId("definition-issues");
  await expect(issues).toContainText("agency");
  await expect(issues).toContainText(`来源单位“${code}”（${label}局）已停用，可选：court（法院）`);
  await expect(page.getByText("接收单位")).toHaveCount(0);
  await screenshot(page, "dataset-disabled-agency");
});

test("a city admin reads the lists but may not change them", async ({ page }) => {
  await signIn(page, "city_admin");
  await page.goto("/admin/code-lists?list=businessLine");
  await expect(page.getByTestId("code-list")).toContainText("公益诉讼");
  await expect(page.getByTestId("read-only-note")).toBeVisible();
  await expect(page.getByTestId("add-code-form")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "编辑" })).toHaveCount(0);
});
