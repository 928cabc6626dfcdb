// Generated bench data, cached per scale under .data/bench (generating is not what is measured).
import fs from "node:fs";
import path from "node:path";
import { generate } from "../../lib/synthetic/generate";
import { MODEL_NOS, type Manifest } from "../../lib/synthetic/manifest";
import { BUILTIN_DATASET_KEYS } from "../../models/datasets";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Whether a cached directory was generated before a dataset or a planted model was added (then it is generated again). */
function stale(dir: string, manifestFile: string): boolean {
  if (!fs.existsSync(manifestFile)) return true;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
  return BUILTIN_DATASET_KEYS.some((key) => !fs.existsSync(path.join(dir, `${key}.csv`))) || MODEL_NOS.some((no) => !(no in manifest.models));
}

export async function generatedDir(scale: number): Promise<{ dir: string; manifest: Manifest }> {
  const genScale = Math.round(1000 * scale);
  const dir = path.join(ROOT, ".data", "bench", `generated-${genScale}`);
  const manifestFile = path.join(dir, "manifest.json");
  if (stale(dir, manifestFile)) {
    console.log(`[bench] generating scale ${genScale} into ${dir} …`);
    await generate({ outDir: dir, scale: genScale, seed: 42 });
  }
  return { dir, manifest: JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest };
}
