// `npm run bench [-- --only <group>[,<group>]] [--scale N] [--duration S]`: runs the bench groups,
// prints a table and merges the figures into bench/results.json ({"figure_name_unit": number}).
// --duration shortens the timed groups for trying (the load group's 5 minutes).
import fs from "node:fs";
import path from "node:path";
import { BENCH_GROUPS } from "./registry";
import type { BenchGroup } from "./types";

const RESULTS_FILE = path.join(import.meta.dirname, "results.json");

interface BenchArgs {
  only: string[] | null;
  scale: number;
}

function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { only: null, scale: 1 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? "").split("=", 2);
    const value = (): string => inline ?? argv[++i] ?? "";
    if (flag === "--only") args.only = value().split(",").filter(Boolean);
    else if (flag === "--scale") args.scale = Number(value());
    else if (flag === "--duration") process.env.BENCH_DURATION_S = value();
    else throw new Error(`unknown argument "${argv[i]}" (use --only <group>, --scale N and --duration S)`);
  }
  if (!Number.isFinite(args.scale) || args.scale <= 0) throw new Error("--scale must be a positive number");
  return args;
}

function selectGroups(only: string[] | null): BenchGroup[] {
  if (!only) return BENCH_GROUPS;
  const unknown = only.filter((name) => !BENCH_GROUPS.some((g) => g.name === name));
  if (unknown.length > 0) throw new Error(`unknown group(s) ${unknown.join(", ")}; known: ${BENCH_GROUPS.map((g) => g.name).join(", ")}`);
  return BENCH_GROUPS.filter((g) => only.includes(g.name));
}

function readResults(): Record<string, number> {
  if (!fs.existsSync(RESULTS_FILE)) return {};
  const parsed: unknown = JSON.parse(fs.readFileSync(RESULTS_FILE, "utf8"));
  const results: Record<string, number> = {};
  if (typeof parsed === "object" && parsed !== null) {
    for (const [key, value] of Object.entries(parsed)) if (typeof value === "number") results[key] = value;
  }
  return results;
}

/** Merges new figures over the stored ones; keys sorted so diffs stay small. */
function writeResults(figures: Record<string, number>): void {
  const merged = { ...readResults(), ...figures };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

function printTable(rows: { group: string; figure: string; value: number }[]): void {
  const w1 = Math.max(5, ...rows.map((r) => r.group.length));
  const w2 = Math.max(6, ...rows.map((r) => r.figure.length));
  console.log(`\n${"group".padEnd(w1)}  ${"figure".padEnd(w2)}  value`);
  console.log(`${"-".repeat(w1)}  ${"-".repeat(w2)}  ${"-".repeat(10)}`);
  for (const r of rows) console.log(`${r.group.padEnd(w1)}  ${r.figure.padEnd(w2)}  ${r.value}`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const rows: { group: string; figure: string; value: number }[] = [];
  let failed = false;
  for (const group of selectGroups(args.only)) {
    console.log(`[bench] ${group.name}: ${group.description} (scale ${args.scale})`);
    try {
      for (const [figure, value] of Object.entries(await group.run(args.scale))) rows.push({ group: group.name, figure, value: round(value) });
    } catch (err) {
      failed = true;
      console.error(`[bench] ${group.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  printTable(rows);
  if (rows.length > 0) writeResults(Object.fromEntries(rows.map((r) => [r.figure, r.value])));
  console.log(`\n[bench] results merged into ${path.relative(process.cwd(), RESULTS_FILE)}`);
  return failed ? 1 : 0;
}

process.exit(await main());
