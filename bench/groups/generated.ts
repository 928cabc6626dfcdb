// Generated bench data, cached per scale under .data/bench (generating is not what is measured).
import fs from "node:fs";
import path from "node:path";
import { generate } from "../../lib/synthetic/generate";
import type { Manifest } from "../../lib/synthetic/manifest";

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function generatedDir(scale: number): Promise<{ dir: string; manifest: Manifest }> {
  const genScale = Math.round(1000 * scale);
  const dir = path.join(ROOT, ".data", "bench", `generated-${genScale}`);
  const manifestFile = path.join(dir, "manifest.json");
  if (!fs.existsSync(manifestFile)) {
    console.log(`[bench] generating scale ${genScale} into ${dir} …`);
    await generate({ outDir: dir, scale: genScale, seed: 42 });
  }
  return { dir, manifest: JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest };
}
