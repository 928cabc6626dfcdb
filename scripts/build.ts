// "Build if needed" for npm start / npm test / bench: rebuild when .next/BUILD_ID is missing or
// older than any source that goes into the build.
import fs from "node:fs";
import path from "node:path";
import { runToCompletion } from "./processes";

const SOURCE_DIRS = ["app", "components", "lib", "db", "public"];
const SOURCE_FILES = [
  "next.config.ts",
  "package.json",
  "package-lock.json",
  "proxy.ts",
  "auth.ts",
  "tsconfig.json",
  "postcss.config.mjs",
];
// Tests and migration SQL do not change the Next build output.
const IGNORED = /(\.test\.tsx?$|\.spec\.tsx?$|^\.|\/\.|\.sql$|\/meta\/[^/]+\.json$)/;

export interface BuildState {
  stale: boolean;
  reason: string;
}

export const NEXT_BIN = path.join("node_modules", "next", "dist", "bin", "next");
/** The production web server: the build, one process per core (see the file). */
export const WEB_SERVER = path.join("scripts", "web-server.mjs");

function newestMtime(dir: string, root: string): { mtimeMs: number; file: string } {
  let newest = { mtimeMs: 0, file: "" };
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(root, full);
    if (IGNORED.test(rel)) continue;
    const mtimeMs = fs.statSync(full).mtimeMs;
    if (mtimeMs > newest.mtimeMs) newest = { mtimeMs, file: rel };
  }
  return newest;
}

export function buildState(root: string): BuildState {
  const buildIdFile = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildIdFile)) return { stale: true, reason: "no build yet (.next/BUILD_ID missing)" };
  const builtAt = fs.statSync(buildIdFile).mtimeMs;
  for (const dir of SOURCE_DIRS) {
    const newest = newestMtime(path.join(root, dir), root);
    if (newest.mtimeMs > builtAt) return { stale: true, reason: `${newest.file} changed since the last build` };
  }
  for (const file of SOURCE_FILES) {
    const full = path.join(root, file);
    if (fs.existsSync(full) && fs.statSync(full).mtimeMs > builtAt) return { stale: true, reason: `${file} changed since the last build` };
  }
  return { stale: false, reason: "build is up to date" };
}

/** Runs `next build` (one node process, inherited output) when the build is missing or stale. */
export async function ensureBuild(root: string, env: NodeJS.ProcessEnv, log: (s: string) => void): Promise<void> {
  const state = buildState(root);
  if (!state.stale) {
    log(`Next.js build is up to date (skipping next build) / 构建已是最新`);
    return;
  }
  log(`Building the app: ${state.reason} / 正在构建（next build）…`);
  const started = Date.now();
  const code = await runToCompletion(process.execPath, [NEXT_BIN, "build"], { cwd: root, env: { ...env, NODE_ENV: "production" } });
  if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
  log(`Build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
