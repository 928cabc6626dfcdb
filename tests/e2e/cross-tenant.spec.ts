import { expect, test } from "./fixtures";
import { signIn, signOut } from "./helpers";

// Attacker: the 临江 city admin. Victim: a user of 青山 (another city of the same province).
test("another city's admin gets 404 for a user of 青山, and does not see it listed", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/users?q=prosecutor_nanhu");
  const href = await page.locator("[data-testid=user-row][data-username=prosecutor_nanhu]").getByRole("link", { name: "编辑" }).getAttribute("href");
  expect(href).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
  await signOut(page);

  await signIn(page, "city_admin");
  const response = await page.goto(href!);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("页面不存在")).toBeVisible();
  await expect(page.getByText("刘洋")).toHaveCount(0);
  await page.goto("/admin/users");
  await expect(page.locator("[data-testid=user-row][data-username=prosecutor_nanhu]")).toHaveCount(0);
  await page.goto("/admin/orgs");
  await expect(page.getByTestId("org-tree")).not.toContainText("青山");
});

test("the API answers JSON errors and acts for the key's org only", async ({ request }) => {
  const key = process.env.E2E_API_KEY;
  expect(key).toBeTruthy();
  const ok = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).org.name).toBe("临江市东城区人民检察院");
  const bad = await request.get("/api/v1/me", { headers: { Authorization: "Bearer dj_wrong" } });
  expect(bad.status()).toBe(401);
  expect(await bad.json()).toEqual({ error: { code: "unauthorized", message: "API 密钥无效或已吊销" } });
  const health = await request.get("/api/v1/health");
  expect(await health.json()).toMatchObject({ status: "ok", database: true, redis: true });
});

/** Creates a key on the API-key page as the signed-in admin; returns its plaintext and its row's id. */
async function createKey(page: import("@playwright/test").Page, name: string, org: string): Promise<{ key: string; id: string }> {
  await page.goto("/admin/api-keys");
  await page.getByLabel("名称（用途）").fill(name);
  await page.getByLabel("所属院").selectOption({ label: org });
  await page.getByLabel("检察官").check();
  await page.getByRole("button", { name: "生成密钥" }).click();
  await expect(page.getByTestId("new-api-key")).toBeVisible();
  const key = (await page.getByTestId("new-api-key").locator("code").innerText()).trim();
  const id = await page.getByTestId("api-keys-table").locator("tr", { hasText: name }).locator("input[name=id]").inputValue();
  return { key, id };
}

test("another city's admin who forges a revoke of a 青山 API key gets 404, and the key keeps working", async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  await signIn(page, "admin");
  const victim = await createKey(page, `南湖对接${stamp}`, "　　青山市南湖区人民检察院（基层院）");
  const decoy = await createKey(page, `东城对接${stamp}`, "　　临江市东城区人民检察院（基层院）");
  await signOut(page);

  await signIn(page, "city_admin");
  await page.goto("/admin/api-keys");
  await expect(page.getByTestId("api-keys-table")).not.toContainText(`南湖对接${stamp}`);
  // The revoke form of a key it may manage, pointed at the other city's key.
  const row = page.getByTestId("api-keys-table").locator("tr", { hasText: `东城对接${stamp}` });
  await row.locator("input[name=id]").evaluate((input, id) => ((input as HTMLInputElement).value = id), victim.id);
  await row.getByRole("button", { name: "吊销" }).click();
  await expect(page.getByText("页面不存在")).toBeVisible();

  const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${victim.key}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).org.name).toBe("青山市南湖区人民检察院");
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${decoy.key}` } })).status()).toBe(200);
});
