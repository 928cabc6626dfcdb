import type { DatasetKey } from "./rows";

/** Dedup key values of one finding, by the model's dedupKeyFields. */
export type KeyValues = Record<string, string>;
export type Finding = { what: string } & KeyValues;

/** The eight built-ins by number; example models beside them (models/examples) by key. */
export type ModelNo = "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "repeated_inpatient_stays" | "pension_paid_in_custody";
export const MODEL_NOS: readonly ModelNo[] = ["1", "2", "3", "4", "5", "6", "7", "8", "repeated_inpatient_stays", "pension_paid_in_custody"];

export interface ModelManifest {
  name: string;
  /** The exact criterion; asOf is the run date. */
  criteria: string;
  dedupKeyFields: string[];
  /** Every finding the criterion must return — no more, no fewer. */
  hits: KeyValues[];
  /** Hits worth a second look (boundaries, look-alikes that still count); each is also in hits. */
  hitNotes: Finding[];
  /** Planted look-alikes that must NOT be returned. */
  nearMisses: Finding[];
}

export interface BrokenProblem {
  /** The row as a spreadsheet shows it: the header is row 1 (the importer's numbering). */
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface BrokenFile {
  dataset: DatasetKey;
  encoding: "utf-8" | "utf-8-bom" | "gbk";
  description: string;
  /** What a correct importer does with it. */
  expected: string;
  problems: BrokenProblem[];
}

export interface ExtraFile {
  dataset: DatasetKey;
  encoding: "utf-8" | "gbk";
  header: "labels" | "names";
  rows: number;
  description: string;
}

export interface Manifest {
  seed: number;
  scale: number;
  asOf: string;
  generatedBy: string;
  datasets: Record<DatasetKey, number>;
  models: Record<ModelNo, ModelManifest>;
  extras: Record<string, ExtraFile>;
  broken: Record<string, BrokenFile>;
}

/** Records planted findings while the generators run. */
export class ManifestBuilder {
  private readonly models: Record<ModelNo, ModelManifest>;

  constructor(specs: Record<ModelNo, { name: string; criteria: string; dedupKeyFields: string[] }>) {
    const entries = MODEL_NOS.map((no): [ModelNo, ModelManifest] => [no, { ...specs[no], hits: [], hitNotes: [], nearMisses: [] }]);
    this.models = Object.fromEntries(entries) as Record<ModelNo, ModelManifest>;
  }

  hit(model: ModelNo, key: KeyValues, note?: string): void {
    this.check(model, key);
    this.models[model].hits.push(key);
    if (note) this.models[model].hitNotes.push({ what: note, ...key });
  }

  nearMiss(model: ModelNo, what: string, key: KeyValues): void {
    this.check(model, key);
    this.models[model].nearMisses.push({ what, ...key });
  }

  result(): Record<ModelNo, ModelManifest> {
    return this.models;
  }

  private check(model: ModelNo, key: KeyValues): void {
    const want = this.models[model].dedupKeyFields;
    const got = Object.keys(key);
    if (want.length !== got.length || want.some((f) => !(f in key))) {
      throw new Error(`模型 ${model} 的去重键须为 ${want.join(",")}，实为 ${got.join(",")}`);
    }
  }
}
