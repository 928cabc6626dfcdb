import { expect, test } from "./fixtures";
import { menu, screenshot, signIn, signOut, uniqueName } from "./helpers";

async function createUser(page: import("@playwright/test").Page, username: string, roles: string[], org: string): Promise<void> {
  await page.goto("/admin/users/new");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("姓名").fill("新同事");
  await page.getByLabel("所属院").selectOption({ label: org });
  await page.getByLabel("初始密码").fill("Start-Work-2026");
  for (const role of roles) await page.getByLabel(role).check();
  await page.getByRole("button", { name: "创建用户" }).click();
  await expect(page.getByTestId("form-success")).toContainText(`已创建用户“${username}”`);
}

test("an admin creates a user, who then signs in with the roles given", async ({ page }) => {
  const username = uniqueName("newp");
  await signIn(page, "admin");
  await createUser(page, username, ["检察官", "模型建设者"], "　　临江市西城区人民检察院（基层院）");
  const row = page.locator(`[data-testid=user-row][data-username=${username}]`);
  await expect(row).toContainText("临江市西城区人民检察院");
  await expect(row).toContainText("检察官");
  await screenshot(page, "admin-users-after-create");
  await signOut(page);

  await signIn(page, username, "Start-Work-2026");
  expect(await menu(page)).toEqual(["工作台", "线索", "模型", "模型超市", "数据"]);
  await expect(page.getByTestId("header-org")).toHaveText("临江市西城区人民检察院");
});

test("the user form explains bad input in Chinese and keeps nothing", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/users/new");
  await page.getByLabel("用户名").fill("x");
  await page.getByLabel("初始密码").fill("short");
  await page.getByRole("button", { name: "创建用户" }).click();
  await expect(page.getByTestId("form-error")).toContainText("用户名至少 3 位");
  await expect(page.getByTestId("form-error")).toContainText("至少选择一个角色");
  await screenshot(page, "admin-user-form-errors");
  await page.goto("/admin/users?q=x");
  await expect(page.locator("[data-testid=user-row][data-username=x]")).toHaveCount(0);
});

test("a weak password is refused next to the field, and everything typed stays", async ({ page }) => {
  const username = uniqueName("weakpw");
  await signIn(page, "admin");
  await page.goto("/admin/users/new");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("姓名").fill("弱密码");
  await page.getByLabel("所属院").selectOption({ label: "　　临江市东城区人民检察院（基层院）" });
  await page.getByLabel("检察官").check();
  await page.getByLabel("初始密码").fill("qwertyuiop12");
  await page.getByRole("button", { name: "创建用户" }).click();
  const field = page.locator("label", { has: page.getByLabel("初始密码") });
  await expect(field).toContainText("密码过于常见");
  await expect(page.getByLabel("用户名")).toHaveValue(username);
  await expect(page.getByLabel("姓名")).toHaveValue("弱密码");
  await expect(page.getByLabel("所属院")).toHaveValue(/.+/);
  await expect(page.getByLabel("检察官")).toBeChecked();
  await expect(page.getByLabel("初始密码")).toHaveValue("qwertyuiop12");
  await screenshot(page, "admin-user-weak-password");

  await page.getByLabel("初始密码").fill(`${username}-2026`);
  await page.getByRole("button", { name: "创建用户" }).click();
  await expect(field).toContainText("密码不能包含用户名");
  await page.getByLabel("初始密码").fill("Lantern-Harbor-77");
  await page.getByRole("button", { name: "创建用户" }).click();
  await expect(page.getByTestId("form-success")).toContainText(`已创建用户“${username}”`);
});

test("a user changes their own password: a weak one is refused next to the field, then the new one signs in", async ({ page }) => {
  test.slow(); // four sign-ins and three form round trips on a shared 2-core machine
  const username = uniqueName("selfpw");
  await signIn(page, "admin");
  await createUser(page, username, ["检察官"], "　　临江市东城区人民检察院（基层院）");
  await signOut(page);

  await signIn(page, username, "Start-Work-2026");
  await page.getByTestId("change-password-link").click();
  const newPassword = page.locator("input[name=newPassword]");
  await page.getByLabel("当前密码").fill("Start-Work-2026");
  await newPassword.fill("1qaz2wsx3edc");
  await page.getByLabel("确认新密码").fill("1qaz2wsx3edc");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.locator("label", { has: newPassword })).toContainText("密码过于常见");
  await expect(page.getByLabel("当前密码")).toHaveValue("Start-Work-2026");
  await screenshot(page, "account-password-refused");

  await newPassword.fill("Quiet-Meadow-2026");
  await page.getByLabel("确认新密码").fill("Quiet-Meadow-2026");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page).toHaveURL(/\/login\?passwordChanged=1/);
  await expect(page.getByTestId("login-notice")).toContainText("密码已修改");
  await signIn(page, username, "Quiet-Meadow-2026");
});

test("disabling a signed-in user ends their session at their next request", async ({ browser }) => {
  const username = uniqueName("victim");
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, "admin");
  await createUser(adminPage, username, ["检察官"], "　　临江市东城区人民检察院（基层院）");

  const userPage = await (await browser.newContext()).newPage();
  await signIn(userPage, username, "Start-Work-2026");

  await adminPage.locator(`[data-testid=user-row][data-username=${username}]`).getByRole("link", { name: "编辑" }).click();
  await adminPage.getByRole("button", { name: "停用账号" }).click();
  await expect(adminPage.getByTestId("form-success")).toContainText("账号已停用");

  await userPage.reload();
  await expect(userPage).toHaveURL(/\/login/);
  await userPage.getByLabel("用户名").fill(username);
  await userPage.getByLabel("密码").fill("Start-Work-2026");
  await userPage.getByRole("button", { name: "登录" }).click();
  await expect(userPage.getByTestId("login-error")).toContainText("已停用");
});

test("repeated wrong passwords lock the account with a clear message", async ({ page }) => {
  const username = uniqueName("locked");
  await signIn(page, "admin");
  await createUser(page, username, ["检察官"], "　　临江市东城区人民检察院（基层院）");
  await signOut(page);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(`wrong${i}`);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByTestId("login-error")).toBeVisible();
    // The form resets once the attempt is answered: only then is the next one a new attempt.
    await expect(page.getByLabel("密码")).toHaveValue("");
  }
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill("Start-Work-2026");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("login-error")).toContainText("登录失败次数过多");
  await screenshot(page, "login-locked");
});

test("the audit log shows the sign-ins and changes, filterable by action", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/audit");
  await expect(page.getByTestId("audit-table")).toContainText("登录成功");
  await page.getByLabel("操作类型").selectOption("auth.sign_in_failed");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/action=auth.sign_in_failed/);
  const actions = await page.getByTestId("audit-row").locator("td:nth-child(3)").allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions.map((a) => a.trim()))).toEqual(new Set(["登录失败"]));
  await screenshot(page, "admin-audit-filtered");
});

test("an admin renames an org and adds a district in the tree", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/orgs");
  const city = page.locator('[data-testid=org-node][data-org-name="青山市人民检察院"]').first();
  await city.getByRole("button", { name: "新建基层院" }).first().click();
  const name = `青山市${Date.now() % 10000}区人民检察院`;
  await page.getByLabel("下级院名称").fill(name);
  await page.getByRole("button", { name: "创建基层院" }).click();
  await expect(page.locator(`[data-testid=org-node][data-org-name="${name}"]`)).toBeVisible();
  await screenshot(page, "admin-orgs");
});

/** YYYY-MM-DD in China, `days` from today. */
function chinaDayFromToday(days: number): string {
  return new Date(Date.now() + 8 * 3600 * 1000 + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

test("an admin creates an API key with scopes and an expiry, sees it once, is warned before expiry, and revokes it", async ({ page, request }) => {
  const name = uniqueName("接口测试");
  const soonName = uniqueName("将到期");
  await signIn(page, "admin");
  await page.goto("/admin/api-keys");
  await page.getByRole("button", { name: "生成密钥" }).click();
  await expect(page.getByTestId("form-error")).toContainText("请选择所属院");
  await expect(page.getByTestId("form-error")).toContainText("至少选择一个权限范围");
  await page.getByLabel("名称（用途）").fill(name);
  await page.getByLabel("所属院").selectOption({ label: "　　青山市南湖区人民检察院（基层院）" });
  await expect(page.getByLabel("有效期至")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await page.getByLabel("检察官").check();
  await page.getByRole("button", { name: "生成密钥" }).click();
  const key = (await page.getByTestId("new-api-key").locator("code").innerText()).trim();
  expect(key).toMatch(/^dj_/);
  const me = await (await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${key}` } })).json();
  expect(me.org.name).toBe("青山市南湖区人民检察院");
  expect(me.roles).toEqual(["prosecutor"]);
  expect(me.key.expiresSoon).toBe(false);
  const row = page.getByTestId("api-keys-table").locator("tr", { hasText: name });
  await expect(row).toContainText("检察官");
  await expect(row).toContainText(chinaDayFromToday(365).slice(0, 4));
  await expect(row).toContainText("有效");

  // A key valid for five more days: the page warns, and so does the API.
  await page.getByLabel("名称（用途）").fill(soonName);
  await page.getByLabel("所属院").selectOption({ label: "　　青山市南湖区人民检察院（基层院）" });
  await page.getByLabel("有效期至").fill(chinaDayFromToday(5));
  await page.getByLabel("数据管理员").check();
  await page.getByRole("button", { name: "生成密钥" }).click();
  await expect(page.getByTestId("new-api-key").locator("code")).not.toHaveText(key); // the new key, not the one before
  const soonKey = (await page.getByTestId("new-api-key").locator("code").innerText()).trim();
  const warning = page.getByTestId("api-key-expiry-warning");
  await expect(warning).toContainText(soonName);
  await expect(warning).toContainText(`有效期至 ${chinaDayFromToday(5)}，还剩 6 天`);
  await expect(page.getByTestId("api-keys-table").locator("tr", { hasText: soonName })).toContainText("即将过期");
  const soonMe = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${soonKey}` } });
  expect(soonMe.headers()["x-api-key-expiry-warning"]).toMatch(/^expires in \d+ day\(s\)$/);
  expect((await soonMe.json()).key.warning).toContain(`有效期至 ${chinaDayFromToday(5)}`);
  await screenshot(page, "admin-api-keys");

  await row.getByRole("button", { name: "吊销" }).click();
  await expect(row).toContainText("已吊销");
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(401);
});
