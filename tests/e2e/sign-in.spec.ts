import { expect, test } from "./fixtures";
import { menu, screenshot, signIn, signOut } from "./helpers";

// Each demo role sees exactly its menu (系统管理 expands to its four screens).
const MENUS: Record<string, string[]> = {
  admin: ["工作台", "系统管理", "院管理", "用户管理", "审计日志", "API 密钥", "代码表"],
  leader: ["工作台", "线索", "模型", "模型超市", "数据", "统计"],
  prosecutor: ["工作台", "线索", "模型"],
  builder: ["工作台", "模型", "模型超市", "数据"],
  reviewer: ["工作台", "模型", "模型超市"],
  data_admin: ["工作台", "数据"],
  multi: ["工作台", "线索", "模型", "模型超市", "数据"],
};

for (const [username, expected] of Object.entries(MENUS)) {
  test(`${username} signs in and sees that role's menu`, async ({ page }) => {
    await signIn(page, username);
    expect(await menu(page)).toEqual(expected);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("您好");
    await screenshot(page, `home-${username}`);
    await signOut(page);
  });
}

test("a wrong password shows the Chinese error and stays on the sign-in page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("用户名").fill("prosecutor");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("用户名或密码错误");
  await expect(page).toHaveURL(/\/login/);
  await screenshot(page, "login-error");
});

test("a signed-out visitor is sent to sign in, and back to the page afterwards", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Fusers/);
  await page.getByLabel("用户名").fill("admin");
  await page.getByLabel("密码").fill("demo1234");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByTestId("users-table")).toBeVisible();
});

test("a prosecutor opening an admin screen is told it has no access", async ({ page }) => {
  await signIn(page, "prosecutor");
  await page.goto("/admin/users");
  await expect(page.getByTestId("forbidden")).toContainText("无权访问");
  await expect(page.getByTestId("users-table")).toHaveCount(0);
});

test("the English switch translates the shell and persists", async ({ page }) => {
  await signIn(page, "leader");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByTestId("sidebar")).toContainText("Statistics");
  await page.reload();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await screenshot(page, "home-leader-en");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByTestId("sidebar")).toContainText("统计");
});

test("a signed-out session stays dead even if its old cookie comes back", async ({ page, context }) => {
  await signIn(page, "reviewer");
  const cookies = await context.cookies();
  await signOut(page);
  // A response racing the sign-out (a prefetch) could hand the browser a refreshed cookie.
  await context.addCookies(cookies);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
});
