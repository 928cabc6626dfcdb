import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { BUILTIN_DATASET_KEYS, type BuiltinDatasetKey, builtinDataset } from "@/models/datasets";
import { generateBribery, plantModel2 } from "./bribery";
import { writeBrokenFiles } from "./broken";
import { generateCivilCases } from "./civil";
import { generateRegistry } from "./companies";
import { GenContext, type Writers } from "./context";
import { generateCorrections, plantModel8 } from "./correction";
import { generateGeneralJudgments } from "./criminal";
import { CsvSink, RowCollector } from "./csv-sink";
import { formatDay, parseDay } from "./days";
import { COPY_ROWS, writeGbkCopy, writeXlsxCopy } from "./extras";
import { generateClaims, plantModel6 } from "./insurance";
import { generateLicenses } from "./licenses";
import { type Manifest, ManifestBuilder } from "./manifest";
import { generateMedical, plantModel5 } from "./medical";
import { MODEL_CRITERIA } from "./model-criteria";
import { generatePensions, plantPension } from "./pension";
import { plantModel3, plantModel4 } from "./plant-civil";
import { plantModel1, plantModel7 } from "./plant-judgments";
import { plantWindowModel } from "./plant-window";
import type { DatasetKey, RowsByDataset } from "./rows";

export interface GenerateOptions {
  outDir: string;
  /** 1 ≈ 1,000 criminal judgments; datasets scale linearly. Default 1. */
  scale?: number;
  /** Default 42. */
  seed?: number;
  /** The run date the planted hits are relative to (YYYY-MM-DD). Default 2026-11-01. */
  asOf?: string;
}

export const DEFAULT_AS_OF = "2026-11-01";

// The catalog's key list and the generator's row types must name the same datasets (checked both ways).
const KEYS: readonly DatasetKey[] = BUILTIN_DATASET_KEYS satisfies readonly DatasetKey[];
type AssertTrue<T extends true> = T;
export type RowTypesMatchCatalog = AssertTrue<[Exclude<DatasetKey, BuiltinDatasetKey>] extends [never] ? true : false>;

/** Background rows per unit of scale, only used to spread planted rows through each file. */
const EXPECTED_BACKGROUND: Record<DatasetKey, number> = {
  criminal_judgment: 1010, prison_admission: 420, bribe_giver: 90, civil_case: 950, company_registry: 400,
  medical_settlement: 1000, insurance_claim: 500, driving_license: 590, community_correction: 200, prison_release: 350, pension_payment: 1000,
};

type Collectors = { [K in DatasetKey]: RowCollector<RowsByDataset[K]> };
type Sinks = { [K in DatasetKey]: CsvSink<RowsByDataset[K]> };

function collectors(): Collectors {
  return {
    criminal_judgment: new RowCollector(), prison_admission: new RowCollector(), bribe_giver: new RowCollector(),
    civil_case: new RowCollector(), company_registry: new RowCollector(), medical_settlement: new RowCollector(),
    insurance_claim: new RowCollector(), driving_license: new RowCollector(), community_correction: new RowCollector(),
    prison_release: new RowCollector(), pension_payment: new RowCollector(),
  };
}

function openSinks(ctx: GenContext, outDir: string, planted: Collectors): Sinks {
  const sink = <K extends DatasetKey>(key: K): CsvSink<RowsByDataset[K]> =>
    new CsvSink<RowsByDataset[K]>(path.join(outDir, `${key}.csv`), builtinDataset(key).fields, {
      planted: planted[key].rows,
      expectedBackground: Math.round(EXPECTED_BACKGROUND[key] * ctx.scale),
      rng: ctx.rng(`interleave/${key}`),
      sampleSize: key === "criminal_judgment" || key === "civil_case" ? COPY_ROWS : 0,
    });
  return {
    criminal_judgment: sink("criminal_judgment"), prison_admission: sink("prison_admission"), bribe_giver: sink("bribe_giver"),
    civil_case: sink("civil_case"), company_registry: sink("company_registry"), medical_settlement: sink("medical_settlement"),
    insurance_claim: sink("insurance_claim"), driving_license: sink("driving_license"), community_correction: sink("community_correction"),
    prison_release: sink("prison_release"), pension_payment: sink("pension_payment"),
  };
}

// The example models' planters come after the built-ins', so the built-ins' planted rows stay as they were.
const PLANTERS = [plantModel1, plantModel2, plantModel3, plantModel4, plantModel5, plantModel6, plantModel7, plantModel8, plantWindowModel, plantPension] as const;
const BACKGROUND = [
  generateGeneralJudgments, generateBribery, generateCorrections, generateRegistry,
  generateCivilCases, generateMedical, generateClaims, generateLicenses, generatePensions,
] as const;

function checkOptions(scale: number, seed: number): void {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale 须为正数：${scale}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed 须为整数：${seed}`);
}

/**
 * Writes every built-in dataset as CSV into `outDir`, plus the GBK / XLSX copies, `broken/` and
 * `manifest.json`. Planted findings are generated first (they are few and stay in memory); the
 * background is then streamed, with the planted rows spread through it.
 */
export async function generate(options: GenerateOptions): Promise<Manifest> {
  const scale = options.scale ?? 1;
  const seed = options.seed ?? 42;
  checkOptions(scale, seed);
  const asOf = parseDay(options.asOf ?? DEFAULT_AS_OF);
  await mkdir(options.outDir, { recursive: true });

  const builder = new ManifestBuilder(MODEL_CRITERIA);
  const ctx = new GenContext(seed, scale, asOf, builder);
  const planted = collectors();
  ctx.out = planted as Writers;
  for (const plant of PLANTERS) plant(ctx);

  const sinks = openSinks(ctx, options.outDir, planted);
  ctx.out = sinks as Writers;
  ctx.sinks = KEYS.map((key) => sinks[key] as CsvSink<object>);
  for (const step of BACKGROUND) await step(ctx);
  const datasets = {} as Record<DatasetKey, number>;
  for (const key of KEYS) datasets[key] = await sinks[key].close();

  const extras = Object.fromEntries([
    await writeGbkCopy(options.outDir, builtinDataset("criminal_judgment"), sinks.criminal_judgment.sample),
    await writeXlsxCopy(options.outDir, builtinDataset("civil_case"), sinks.civil_case.sample, asOf),
  ]);
  const broken = await writeBrokenFiles(ctx, options.outDir, builtinDataset("criminal_judgment"));

  const manifest: Manifest = {
    seed, scale, asOf: formatDay(asOf), generatedBy: "lib/synthetic/generate.ts", datasets, models: builder.result(), extras, broken,
  };
  await writeFile(path.join(options.outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}
