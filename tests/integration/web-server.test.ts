// The production web server (scripts/web-server.mjs) replaces a process that dies, but does not
// restart processes that keep dying: without a build it stops with an error the launcher reports.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { freePort } from "@/scripts/net";

const ROOT = path.resolve(import.meta.dirname, "../..");

it("stops with an error when its processes keep exiting (a project without a build)", async () => {
  const emptyProject = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-no-build-"));
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/web-server.mjs"), emptyProject, String(port)], {
    cwd: ROOT,
    env: { ...process.env, WEB_CONCURRENCY: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  fs.rmSync(emptyProject, { recursive: true, force: true });
  expect(code).toBe(1);
  expect(stderr).toContain("keep exiting; stopping");
  // It did replace the first processes that died before giving up.
  expect(stderr.match(/\[web\] process \d+ exited/g)?.length).toBe(3);
}, 60_000);
