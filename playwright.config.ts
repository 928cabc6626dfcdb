import { defineConfig, devices } from "@playwright/test";

// `npm test` sets E2E_PORT (a free port) and points DATABASE_URL at the seeded `e2e` database;
// the server inherits that environment. Run `next build` first (npm test does).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "./tests/e2e",
  timeout: 30_000,
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  outputDir: "./test-results",
  use: {
    baseURL: BASE_URL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "debian-chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          // Playwright's own Chromium download does not work here; use Debian's.
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    // The server `npm start` runs (one process per core behind one port), started by node itself
    // (npx would leave npm → sh → node behind).
    command: `node scripts/web-server.mjs . ${PORT}`,
    url: `${BASE_URL}/api/v1/health`,
    env: { AUTH_TRUST_HOST: "true", PORT: String(PORT) },
    // Off by default: a server already on the port may use another database.
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
