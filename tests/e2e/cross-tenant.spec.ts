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
