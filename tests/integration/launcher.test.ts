// `npm start` end to end: an empty data dir and no DATABASE_URL/REDIS_URL → embedded PostgreSQL,
// redis-server, migrations, demo seed, next start and the worker; Ctrl-C stops all of it.
// Needs a current `next build` (npm test builds first); skipped without one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { spawnLauncher, type Launcher } from "../../scripts/launcher-process";
import { canConnect, freePort } from "../../scripts/net";

const ROOT = path.resolve(import.meta.dirname, "../..");
const hasBuild = fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"));

/** Ports the launcher's services listen on, read from its log lines ("… ready on 127.0.0.1:PORT"). */
function servicePorts(output: string): { postgres: number; redis: number } {
  const port = (service: string): number => Number(new RegExp(`${service} ready on 127\\.0\\.0\\.1:(\\d+)`).exec(output)?.[1] ?? NaN);
  return { postgres: port("PostgreSQL"), redis: port("Redis") };
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe.skipIf(!hasBuild)("npm start (scripts/start.ts)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-launcher-"));
  let launcher: Launcher | null = null;

  afterAll(async () => {
    if (launcher?.proc.isRunning()) await launcher.proc.stop("SIGKILL", 5000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts everything from an empty data dir, prints the banner and stops on SIGINT", { timeout: 150_000 }, async () => {
    const port = await freePort();
    launcher = spawnLauncher({ dataDir, port });

    const health = await launcher.waitHealthy(90_000);
    expect(JSON.parse(health.body)).toMatchObject({ status: "ok", database: true, redis: true });

    // The banner comes right after health turns green; give stdout a moment to arrive.
    await expect.poll(() => launcher?.output() ?? "", { timeout: 5000 }).toContain("Demo accounts");
    const output = launcher.output();
    expect(output).toMatch(/演示账号 \/ Demo accounts/);
    for (const account of DEMO_ACCOUNTS) expect(output).toMatch(new RegExp(`${escape(account.username)}\\s+${escape(account.password)}`));
    expect(output).toContain(`http://localhost:${port}`);
    expect(fs.existsSync(path.join(dataDir, "auth-secret"))).toBe(true);

    const ports = servicePorts(output);
    expect(ports.postgres).toBeGreaterThan(0);
    expect(ports.redis).toBeGreaterThan(0);

    const exit = await launcher.interrupt(30_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await canConnect(port)).toBe(false);
    expect(await canConnect(ports.postgres)).toBe(false);
    expect(await canConnect(ports.redis)).toBe(false);
  });
});
