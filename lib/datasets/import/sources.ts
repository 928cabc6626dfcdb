import fs from "node:fs";
import ExcelJS from "exceljs";
import { CsvParser, type CsvRecord } from "./csv-parser";
import { detectEncoding, type TextEncoding } from "./encoding";

/** Where the reader is in the file, for the progress bar. */
export interface ReadPosition {
  bytesRead: number;
}

export interface RecordSource {
  encoding: TextEncoding | null;
  /** Records in batches (one per chunk read): one await per batch, not per row. */
  records: AsyncIterable<CsvRecord[]>;
  position: ReadPosition;
  /** Set when the file ended inside a quoted field. */
  unterminatedRow(): number | null;
}

const SAMPLE_BYTES = 64 * 1024;

function readSample(file: string): Uint8Array {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const n = fs.readSync(fd, buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

export function isXlsx(file: string): boolean {
  const head = readSample(file).subarray(0, 4);
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** CSV records from a file in UTF-8 (BOM or not) or GB18030/GBK, decoded as a stream. */
export function csvSource(file: string, encoding: "auto" | TextEncoding): RecordSource {
  const chosen = encoding === "auto" ? detectEncoding(readSample(file)) : encoding;
  const position: ReadPosition = { bytesRead: 0 };
  const parser = new CsvParser();
  let lastRow = 1;
  let unterminated: number | null = null;
  async function* records(): AsyncGenerator<CsvRecord[]> {
    // The WHATWG decoder strips a UTF-8 BOM and handles characters split across chunks.
    const decoder = new TextDecoder(chosen === "utf8" ? "utf-8" : "gb18030");
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) {
      const bytes = chunk as Buffer;
      position.bytesRead += bytes.length;
      const batch = parser.push(decoder.decode(bytes, { stream: true }));
      if (batch.length > 0) {
        lastRow = batch[batch.length - 1].row;
        yield batch;
      }
    }
    const tail = decoder.decode();
    const rest = tail ? parser.push(tail) : [];
    const last = parser.end();
    // A quote left open swallows the rest of the file (it is the final record): report its row
    // once as unterminated, not as a short row.
    if (parser.unterminated) unterminated = last.pop()?.row ?? lastRow + 1;
    if (rest.length + last.length > 0) yield [...rest, ...last];
  }
  return { encoding: chosen, records: records(), position, unterminatedRow: () => unterminated };
}

type CellValue = ExcelJS.CellValue;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A spreadsheet cell as the text a CSV would hold (dates as YYYY-MM-DD, times in UTC+8 when set). */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    // Excel stores wall-clock values; exceljs hands them over as UTC.
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const h = value.getUTCHours(), m = value.getUTCMinutes(), s = value.getUTCSeconds();
    return h || m || s ? `${date} ${pad(h)}:${pad(m)}:${pad(s)}` : date;
  }
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellText(value.result as CellValue);
    if ("text" in value) return String(value.text);
    if ("error" in value) return "";
  }
  return String(value);
}

/** Rows of one sheet (the first, or the one named), streamed. */
export function xlsxSource(file: string, sheetName: string | null): RecordSource {
  const position: ReadPosition = { bytesRead: 0 };
  async function* records(): AsyncGenerator<CsvRecord[]> {
    const input = fs.createReadStream(file);
    input.on("data", (chunk) => {
      position.bytesRead += chunk.length;
    });
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: "cache", worksheets: "emit", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
    let index = 0;
    let found = false;
    for await (const sheet of reader) {
      index++;
      const name = (sheet as unknown as { name?: string }).name;
      const wanted = sheetName ? name === sheetName : index === 1;
      if (!wanted) {
        for await (const _row of sheet) void _row; // drain
        continue;
      }
      found = true;
      let batch: CsvRecord[] = [];
      for await (const row of sheet) {
        // row.values is 1-based and sparse: Array.from visits the holes of empty cells.
        batch.push({ row: row.number, fields: Array.from((row.values as CellValue[]).slice(1), cellText) });
        if (batch.length >= 1000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
    if (!found) throw new SheetNotFoundError(sheetName ?? "第一个工作表");
  }
  return { encoding: null, records: records(), position, unterminatedRow: () => null };
}

export class SheetNotFoundError extends Error {
  constructor(readonly sheet: string) {
    super(`工作簿中没有名为“${sheet}”的工作表`);
  }
}
