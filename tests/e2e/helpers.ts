import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo1234";

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("header-user")).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** The labels of the sidebar's entries, in order. */
export async function menu(page: Page): Promise<string[]> {
  const links = page.getByTestId("sidebar").getByRole("link");
  return (await links.allInnerTexts()).map((s) => s.trim());
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // A full-page shot of a scrolled page would paint the fixed shell mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

export const uniqueName = (prefix: string): string => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
