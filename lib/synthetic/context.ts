import { CaseNumbers, Plates, SerialNumbers } from "./codes";
import type { CsvSink, RowWriter } from "./csv-sink";
import type { Day } from "./days";
import type { ManifestBuilder } from "./manifest";
import { PersonFactory } from "./people";
import { Rng } from "./prng";
import type { DatasetKey, RowsByDataset } from "./rows";

export type Writers = { [K in DatasetKey]: RowWriter<RowsByDataset[K]> };

// Small on purpose: rows buffered for long survive young-generation GCs and get promoted, which
// measured ~25% slower at scale 1000 than flushing every 64K characters.
const FLUSH_AT_CHARS = 1 << 16;

/**
 * What every generator shares. Identifier factories are shared across datasets (and across the
 * planting and background phases), which is what makes every ID number, plate and case number
 * unique in the whole output.
 */
export class GenContext {
  readonly people: PersonFactory;
  readonly caseNos: CaseNumbers;
  readonly plates: Plates;
  readonly serials = {
    admission: new SerialNumbers(7),
    settlement: new SerialNumbers(9),
    claim: new SerialNumbers(8),
    license: new SerialNumbers(8),
    release: new SerialNumbers(7),
    payment: new SerialNumbers(10),
  };
  /** Set by the orchestrator: collectors while planting, CSV sinks for the background. */
  out!: Writers;
  /** The open CSV files (empty while planting), flushed by drain(). */
  sinks: readonly CsvSink<object>[] = [];

  constructor(
    readonly seed: number,
    readonly scale: number,
    readonly asOf: Day,
    readonly manifest: ManifestBuilder,
  ) {
    this.people = new PersonFactory(asOf, seed);
    this.caseNos = new CaseNumbers(this.rng("case-numbers"));
    this.plates = new Plates(seed);
  }

  /** True when the CSV buffers hold enough to be worth a write; loops then await drain(). */
  full(): boolean {
    let chars = 0;
    for (const s of this.sinks) chars += s.buffered;
    return chars >= FLUSH_AT_CHARS;
  }

  /** Hands every buffer to its file and waits until the streams accept more (backpressure). */
  async drain(): Promise<void> {
    for (const s of this.sinks) await s.flush();
  }

  /** An independent random stream for one concern. */
  rng(stream: string): Rng {
    return new Rng(this.seed, stream);
  }

  /** base × scale, at least `min`. */
  count(base: number, min = 1): number {
    return Math.max(min, Math.round(base * this.scale));
  }

  /** Planted hits for a model: `rate` of its subject rows, at least 5. */
  hitCount(subjectRowsAtScale1: number, rate: number): number {
    return this.count(subjectRowsAtScale1 * rate, 5);
  }

  /** Near-misses of each kind: a quarter of the hits, at least 2. */
  nearMissCount(hits: number): number {
    return Math.max(2, Math.round(hits / 4));
  }
}
