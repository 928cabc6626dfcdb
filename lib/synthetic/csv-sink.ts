import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { DatasetField, FieldType } from "@/lib/datasets/definition";
import { formatDay } from "./days";
import type { Rng } from "./prng";

/** A value as the generator holds it: dates are Day numbers, amounts decimal strings. */
export type Cell = string | number | boolean | null;

/** Where a generator sends rows: a CSV file (background phase) or a list (planting phase). */
export interface RowWriter<T> {
  /** Synchronous: rows are buffered; the generator loops call GenContext.drain() for backpressure. */
  write(row: T): void;
}

/** Collects planted rows in memory (they are few) before the files are opened. */
export class RowCollector<T> implements RowWriter<T> {
  readonly rows: T[] = [];

  write(row: T): void {
    this.rows.push(row);
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quote a field only when it holds a quote, comma or line break; double inner quotes. */
export function quoteCsv(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Formats one cell by field type: YYYY-MM-DD dates, true/false booleans, empty for null. */
export function formatCell(value: Cell, type: FieldType): string {
  if (value === null || value === "") return "";
  if (type === "date" && typeof value === "number") return formatDay(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  return quoteCsv(value);
}

export function csvLine(row: object, fields: readonly DatasetField[]): string {
  const cells = row as Record<string, Cell>;
  let line = "";
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ",";
    line += formatCell(cells[fields[i].name] ?? null, fields[i].type);
  }
  return line + "\n";
}

export interface CsvSinkOptions<T> {
  /** Planted rows, spread at random positions among the background rows. */
  planted: readonly T[];
  /** Roughly how many background rows will come (only spreads the planted rows). */
  expectedBackground: number;
  rng: Rng;
  /** Keep the first N rows for the GBK / XLSX copies. */
  sampleSize?: number;
}

/**
 * Streams one dataset's CSV: header = field names, LF line ends, UTF-8 without BOM. write() only
 * appends to a string buffer; flush() hands it to the file stream and waits for 'drain', so memory
 * stays flat at any scale as long as the generators flush regularly (GenContext.drain()).
 */
export class CsvSink<T extends object> implements RowWriter<T> {
  rowCount = 0;
  readonly sample: T[] = [];
  private readonly stream: WriteStream;
  private buffer: string;
  private background = 0;
  private nextPlanted = 0;
  private readonly slots: number[];
  private readonly sampleSize: number;
  private failure: Error | null = null;

  constructor(
    path: string,
    private readonly fields: readonly DatasetField[],
    private readonly options: CsvSinkOptions<T>,
  ) {
    this.stream = createWriteStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
    // Keep a write error (e.g. disk full) for the next flush instead of crashing the process.
    this.stream.on("error", (error: Error) => (this.failure ??= error));
    this.buffer = fields.map((f) => f.name).join(",") + "\n";
    this.slots = options.planted.map(() => options.rng.int(0, options.expectedBackground)).sort((a, b) => a - b);
    this.sampleSize = options.sampleSize ?? 0;
  }

  /** Characters waiting to be flushed. */
  get buffered(): number {
    return this.buffer.length;
  }

  write(row: T): void {
    while (this.nextPlanted < this.slots.length && this.slots[this.nextPlanted] <= this.background) {
      this.append(this.options.planted[this.nextPlanted++]);
    }
    this.background++;
    this.append(row);
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const ok = this.stream.write(this.buffer);
    this.buffer = "";
    if (!ok) await once(this.stream, "drain");
  }

  /** Writes the planted rows not yet placed, ends the file and returns the data row count. */
  async close(): Promise<number> {
    while (this.nextPlanted < this.options.planted.length) this.append(this.options.planted[this.nextPlanted++]);
    await this.flush();
    this.stream.end();
    await once(this.stream, "finish");
    if (this.failure) throw this.failure;
    return this.rowCount;
  }

  private append(row: T): void {
    this.rowCount++;
    if (this.sample.length < this.sampleSize) this.sample.push(row);
    this.buffer += csvLine(row, this.fields);
  }
}
