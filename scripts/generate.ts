// `npm run generate -- --scale N --seed S --out DIR [--as-of YYYY-MM-DD]`: writes the synthetic
// datasets with planted supervision-model hits (see lib/synthetic/generate.ts) and prints a summary.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_AS_OF, generate } from "../lib/synthetic/generate";

function numberArg(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} 须为数字：${value}`);
  return n;
}

async function sizes(dir: string): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.push([path.relative(dir, full), (await stat(full)).size]);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: "string" }, seed: { type: "string" }, out: { type: "string" }, "as-of": { type: "string" } },
  });
  const outDir = path.resolve(values.out ?? ".data/generated");
  const scale = numberArg(values.scale, 1, "scale");
  const seed = numberArg(values.seed, 42, "seed");
  const started = process.hrtime.bigint();
  const manifest = await generate({ outDir, scale, seed, asOf: values["as-of"] ?? DEFAULT_AS_OF });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const rows = Object.values(manifest.datasets).reduce((a, b) => a + b, 0);
  console.log(`生成完成：${outDir}（scale ${scale}，seed ${seed}，asOf ${manifest.asOf}）`);
  for (const [key, count] of Object.entries(manifest.datasets)) console.log(`  ${key.padEnd(22)} ${String(count).padStart(10)} 行`);
  for (const [no, m] of Object.entries(manifest.models)) {
    console.log(`  模型 ${no} ${m.name}：命中 ${m.hits.length}，近似未命中 ${m.nearMisses.length}`);
  }
  const files = await sizes(outDir);
  const total = files.reduce((a, [, size]) => a + size, 0);
  for (const [file, size] of files.filter(([f]) => !f.startsWith("broken/"))) console.log(`  ${file.padEnd(28)} ${mib(size).padStart(12)}`);
  console.log(`共 ${rows} 行，${mib(total)}，用时 ${seconds.toFixed(1)} 秒（${Math.round(rows / seconds)} 行/秒）`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
