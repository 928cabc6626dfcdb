import fs from "node:fs";
import ExcelJS from "exceljs";
import { splitQuoted, type CsvRecord } from "./csv-parser";
import { detectEncoding, type TextEncoding } from "./encoding";

/** Where the reader is in the file, for the progress bar. */
export interface ReadPosition {
  bytesRead: number;
}

/** Spreadsheet rows in batches (one await per batch, not per row). */
export interface RecordSource {
  records: AsyncIterable<CsvRecord[]>;
  position: ReadPosition;
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

export interface CsvFile {
  encoding: TextEncoding;
  header: string[];
  /** The header's row number (1 unless blank lines precede it). */
  headerRow: number;
  /** Byte offset where the data rows begin. */
  bodyStart: number;
}

/** Reads the header line (UTF-8 with or without BOM, or GB18030/GBK) so columns are known before any data moves. */
export function openCsv(file: string, encoding: "auto" | TextEncoding): CsvFile | null {
  const sample = readSample(file);
  const chosen = encoding === "auto" ? detectEncoding(sample) : encoding;
  let start = sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? 3 : 0;
  let row = 1;
  for (;;) {
    const nl = sample.indexOf(0x0a, start);
    const end = nl < 0 ? sample.length : nl;
    const text = new TextDecoder(chosen === "utf8" ? "utf-8" : "gb18030").decode(sample.subarray(start, end)).replace(/\r$/, "");
    if (text.trim() !== "" || nl < 0) {
      if (text.trim() === "") return null;
      if (nl < 0 && sample.length === SAMPLE_BYTES) throw new HeaderTooLongError();
      return { encoding: chosen, header: text.includes('"') ? splitQuoted(text) : text.split(","), headerRow: row, bodyStart: nl < 0 ? sample.length : nl + 1 };
    }
    start = nl + 1;
    row++;
  }
}

export class HeaderTooLongError extends Error {
  constructor() {
    super("表头超过 64 KB 或没有换行，无法识别列名");
    this.name = "HeaderTooLongError";
  }
}

/** A byte that is never UTF-8: marks where the GB18030 decoder met bytes invalid in GBK. */
const INVALID_MARK = Buffer.from([0xff]);

/**
 * GB18030 text as UTF-8 bytes. The decoder replaces each invalid sequence with U+FFFD; those
 * become a byte that is not UTF-8, so the encoder reports the cell ("不是有效的 GBK 编码") instead
 * of storing a replacement character. (A U+FFFD written in the file itself is reported too: it
 * marks text already lost in an earlier conversion.)
 */
function gbkToUtf8(text: string): Buffer {
  if (!text.includes("\uFFFD")) return Buffer.from(text);
  const parts: Buffer[] = [];
  text.split("\uFFFD").forEach((piece, i) => {
    if (i > 0) parts.push(INVALID_MARK);
    parts.push(Buffer.from(piece));
  });
  return Buffer.concat(parts);
}

/** The data rows as UTF-8 bytes (GB18030 is re-encoded), streamed from `bodyStart`. */
export async function* csvBody(file: string, csv: CsvFile, position: ReadPosition): AsyncGenerator<Buffer> {
  position.bytesRead = csv.bodyStart;
  const decoder = csv.encoding === "utf8" ? null : new TextDecoder("gb18030");
  for await (const chunk of fs.createReadStream(file, { start: csv.bodyStart, highWaterMark: 256 * 1024 })) {
    const bytes = chunk as Buffer;
    position.bytesRead += bytes.length;
    yield decoder ? gbkToUtf8(decoder.decode(bytes, { stream: true })) : bytes;
  }
  if (decoder) {
    const tail = decoder.decode();
    if (tail) yield gbkToUtf8(tail);
  }
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
  return { records: unreadableAsRejection(records()), position };
}

/**
 * The workbook parser's own errors ("malformed character entity" for a NUL written as `&#0;`, a
 * broken zip) say nothing to a user: they become one Chinese message. File-system errors (with a
 * `code`) and our own errors pass through.
 */
async function* unreadableAsRejection<T>(inner: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* inner;
  } catch (error) {
    if (error instanceof SheetNotFoundError || (error instanceof Error && "code" in error)) throw error;
    console.error("[import] unreadable XLSX", error);
    throw new XlsxUnreadableError();
  }
}

export class XlsxUnreadableError extends Error {
  constructor() {
    super("XLSX 文件无法读取：文件已损坏，或含有 Excel 不允许的字符（如 NUL），未导入任何数据。请在 Excel 中另存为后重新上传");
    this.name = "XlsxUnreadableError";
  }
}

export class SheetNotFoundError extends Error {
  constructor(readonly sheet: string) {
    super(`工作簿中没有名为“${sheet}”的工作表`);
    this.name = "SheetNotFoundError";
  }
}
