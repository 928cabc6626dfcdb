// start_to_healthy_s: spawn `npm start`'s script with an empty data dir (warm node_modules,
// existing build) and time until /api/v1/health answers healthy; then Ctrl-C it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../../scripts/build";
import { spawnLauncher } from "../../scripts/launcher-process";
import { freePort } from "../../scripts/net";
import type { BenchGroup } from "../types";

async function timeStartToHealthy(): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-bench-start-"));
  const port = await freePort();
  const started = performance.now();
  const launcher = spawnLauncher({ dataDir, port });
  try {
    await launcher.waitHealthy(120_000);
    return (performance.now() - started) / 1000;
  } finally {
    const exit = await launcher.interrupt(30_000);
    if (exit.code !== 0) console.error(`[bench:start] launcher exited with ${exit.code ?? exit.signal}:\n${launcher.output().slice(-2000)}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const startGroup: BenchGroup = {
  name: "start",
  description: "npm start from an empty data dir to a healthy /api/v1/health",
  run: async () => {
    // Measured against an existing build: building is not part of "start".
    await ensureBuild(path.resolve(import.meta.dirname, "../.."), process.env, (s) => console.log(`[bench:start] ${s}`));
    return { start_to_healthy_s: await timeStartToHealthy() };
  },
};
