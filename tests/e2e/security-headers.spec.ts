import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { screenshot, signIn, signOut } from "./helpers";

/** Every CSP violation the page reports (the browser logs each one to the console too). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) violations.push(`${page.url()}: ${msg.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

test("the main screens work under the nonce-based CSP: no violation, charts and styles render", async ({ page }) => {
  test.setTimeout(90_000); // eight screens on a shared 2-core machine
  const violations = await watchViolations(page);
  const login = await page.goto("/login");
  expect(login?.headers()["content-security-policy"]).toContain("'strict-dynamic'");
  await signIn(page, "leader");
  await expect(page.getByTestId("home-stats")).toBeVisible();

  await page.goto("/clues");
  await expect(page.getByTestId("clue-row").first()).toBeVisible();
  await page.getByTestId("clue-row").first().getByRole("link").first().click();
  await expect(page.getByTestId("clue-status")).toBeVisible();

  await page.goto("/models");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.goto("/datasets");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.goto("/market");
  await expect(page.getByRole("heading").first()).toBeVisible();

  // Client-side navigation (the router loads chunks and RSC payloads under the policy).
  await page.getByTestId("sidebar").getByRole("link", { name: "统计", exact: true }).click();
  await expect(page.getByTestId("kpis").getByTestId("kpi-card")).toHaveCount(9);
  // Recharts drew its lines; Tailwind's stylesheet applied (the sidebar is laid out, not unstyled).
  await expect(page.getByTestId("trend").locator(".recharts-line")).toHaveCount(3);
  const sidebarDisplay = await page.getByTestId("sidebar").evaluate((el) => getComputedStyle(el).display);
  expect(sidebarDisplay).not.toBe("inline");
  await page.getByTestId("trend").hover();
  await screenshot(page, "stats-under-csp");

  await signOut(page);
  expect(violations).toEqual([]);
});
