import { isUtf8 } from "node:buffer";
import type { ImportErrorItem } from "@/db/schema";
import type { DatasetField } from "../definition";
import { splitQuoted } from "./csv-parser";
import { isValidIdNumberBytes } from "../id-number";
import { BinaryCopyWriter, numericParts } from "./copy-binary";
import { convertCell, isRealDate } from "./values";

/**
 * Turns CSV bytes (UTF-8) straight into binary COPY rows (copy-binary.ts), validating every cell
 * on the way. Speed is the point — an import is millions of rows — so a line without quotes is
 * split on byte offsets, text cells are copied as bytes without decoding, and the common spellings
 * of dates, numbers and ID numbers are checked and converted on bytes. Lines with quotes, and
 * cells in other spellings, take the string path (`convertCell`), which also words every error
 * message.
 *
 * PostgreSQL refuses a NUL byte in text and bytes that are not UTF-8, and it refuses the whole COPY
 * for one such cell; so each chunk is checked once (two native scans), and only a chunk that holds
 * such bytes checks its cells one by one and reports them as cell errors with row and column.
 */
export interface EncoderCounts {
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
}

/** The file's encoding, for the message of a cell whose bytes are not valid in it. */
export type SourceEncoding = "utf8" | "gb18030";

export const NUL_MESSAGE = "含有非法字符 NUL";
const INVALID_MESSAGES: Record<SourceEncoding, string> = { utf8: "不是有效的 UTF-8 编码", gb18030: "不是有效的 GBK 编码" };

const NL = 0x0a, CR = 0x0d, COMMA = 0x2c, QUOTE = 0x22, TAB = 0x09, SPACE = 0x20;

export class CopyEncoder {
  readonly counts: EncoderCounts = { rowsRead: 0, rowsImported: 0, rowsRejected: 0 };
  private rest: Buffer | null = null;
  /**
   * A quoted record still open across lines (string path). `latin1`: its text holds the raw bytes
   * one char each (a chunk with bad bytes), to be checked and decoded cell by cell.
   */
  private partial: { row: number; text: string; latin1: boolean } | null = null;
  /** The chunk being read holds a NUL or invalid UTF-8 somewhere: cells are checked byte by byte. */
  private dirty = false;
  private readonly invalidMessage: string;
  private readonly writer = new BinaryCopyWriter();
  private readonly fieldCount: number;
  /** The next quote at or after the current line in the buffer being read (-1: none left). */
  private quoteAt = -1;
  /** Cell errors of the row being read: reported once the row is known to have the right width. */
  private rowErrors: ImportErrorItem[] = [];

  /**
   * `columns`: the field of each file column, from the header. `prefixIds`: UUIDs written first
   * in every row (org and import, when the target table has no defaults for them); the row's
   * number follows. `line`: the row number of the header, so the first body line is `line + 1`
   * (rows as a spreadsheet numbers them).
   */
  constructor(
    private readonly columns: DatasetField[],
    private readonly prefixIds: string[],
    private readonly strict: boolean,
    private readonly onError: (error: ImportErrorItem) => void,
    private line = 1,
    encoding: SourceEncoding = "utf8",
  ) {
    this.fieldCount = prefixIds.length + 1 + columns.length;
    this.invalidMessage = INVALID_MESSAGES[encoding];
  }

  /** Encodes the complete lines in a UTF-8 chunk of the body; answers the COPY bytes of the good rows. */
  push(chunk: Buffer): Buffer | null {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    const lastNl = buf.lastIndexOf(NL);
    // Lines end at a newline byte, which never sits inside a UTF-8 sequence: the lines of this
    // chunk are exactly its bytes up to the last newline.
    this.dirty = lastNl >= 0 && hasBadBytes(buf, 0, lastNl);
    let start = 0;
    this.quoteAt = buf.indexOf(QUOTE);
    for (let nl = buf.indexOf(NL, start); nl >= 0; nl = buf.indexOf(NL, start)) {
      const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
      this.lineBytes(buf, start, end);
      start = nl + 1;
    }
    this.rest = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
    return this.take();
  }

  /** Flushes the last line (no final line break), reports a quote left open, ends the COPY data. */
  end(): Buffer | null {
    if (this.rest) {
      const rest = this.rest;
      this.rest = null;
      this.quoteAt = rest.indexOf(QUOTE);
      this.dirty = hasBadBytes(rest, 0, rest.length);
      this.lineBytes(rest, 0, rest.length);
    }
    if (this.partial) {
      this.counts.rowsRead++;
      this.counts.rowsRejected++;
      this.onError({ row: this.partial.row, column: "（整行）", message: "引号未闭合：该行到文件末尾都在引号内" });
      this.partial = null;
    }
    this.writer.end();
    return this.take();
  }

  /**
   * A record already split into strings (spreadsheets, quoted lines). `latin1`: each string holds
   * raw bytes one char each; they are checked, then decoded as UTF-8.
   */
  record(row: number, fields: string[], latin1 = false): void {
    this.counts.rowsRead++;
    const columns = this.columns;
    if (fields.length !== columns.length) return this.reject(row, "（整行）", `列数不符：应有 ${columns.length} 列，实际 ${fields.length} 列`);
    const mark = this.beginRow(row);
    let bad = false;
    for (let i = 0; i < columns.length; i++) {
      const problem = latin1 ? this.bytesProblemOf(fields[i]) : fields[i].includes("\0") ? NUL_MESSAGE : null;
      if (problem) {
        bad = true;
        this.onError({ row, column: columns[i].label, message: problem });
        continue;
      }
      const result = convertCell(columns[i], latin1 ? Buffer.from(fields[i], "latin1").toString("utf8") : fields[i]);
      if (!result.ok) {
        bad = true;
        this.onError({ row, column: columns[i].label, message: result.message });
      } else if (!bad) this.writeValue(columns[i], result.value);
    }
    this.endRow(mark, bad);
  }

  /** The COPY bytes encoded since the last call. */
  take(): Buffer | null {
    return this.writer.take();
  }

  private lineBytes(buf: Buffer, start: number, end: number): void {
    this.line++;
    if (this.partial) {
      const partial = this.partial;
      if (!partial.latin1 && this.dirty && hasBadBytes(buf, start, end)) {
        partial.text = Buffer.from(partial.text, "utf8").toString("latin1");
        partial.latin1 = true;
      }
      const text = partial.text + buf.toString(partial.latin1 ? "latin1" : "utf8", start, end);
      if (countQuotes(text) % 2 === 0) {
        this.partial = null;
        this.record(partial.row, splitQuoted(text), partial.latin1);
      } else partial.text = text + "\n";
      return;
    }
    if (end === start) return; // blank line: counted, not a record
    // One search per quote, not per line: a file without quotes is scanned for them once.
    if (this.quoteAt >= 0 && this.quoteAt < start) this.quoteAt = buf.indexOf(QUOTE, start);
    if (this.quoteAt >= 0 && this.quoteAt < end) {
      // Quotes and commas are ASCII, which no UTF-8 sequence contains: bad bytes are split as
      // raw bytes (latin1) and checked cell by cell.
      const latin1 = this.dirty && hasBadBytes(buf, start, end);
      const text = buf.toString(latin1 ? "latin1" : "utf8", start, end);
      if (countQuotes(text) % 2 === 1) this.partial = { row: this.line, text: text + "\n", latin1 };
      else this.record(this.line, splitQuoted(text), latin1);
      return;
    }
    this.fastLine(buf, start, end);
  }

  /** The common case: a line without quotes, split and checked on byte offsets. */
  private fastLine(buf: Buffer, start: number, end: number): void {
    const row = this.line;
    const columns = this.columns;
    this.counts.rowsRead++;
    const mark = this.beginRow(row);
    this.rowErrors.length = 0;
    let bad = false;
    let from = start;
    for (let i = 0; i < columns.length; i++) {
      // A JS loop beats a native indexOf call on cells this short.
      let to = from;
      while (to < end && buf[to] !== COMMA) to++;
      if (i === columns.length - 1 && to !== end) return this.abandon(mark, row, `列数不符：应有 ${columns.length} 列，实际 ${countFields(buf, start, end)} 列`);
      if (to === end && i < columns.length - 1) return this.abandon(mark, row, `列数不符：应有 ${columns.length} 列，实际 ${i + 1} 列`);
      if (!this.cell(columns[i], buf, from, to, row, bad)) bad = true;
      from = to + 1;
    }
    for (const error of this.rowErrors) this.onError(error);
    this.endRow(mark, bad);
  }

  /** Checks one cell and (while the row is good) writes it; false when the cell is bad. */
  private cell(field: DatasetField, buf: Buffer, from: number, to: number, row: number, rowBad: boolean): boolean {
    while (from < to && (buf[from] === SPACE || buf[from] === TAB)) from++;
    while (to > from && (buf[to - 1] === SPACE || buf[to - 1] === TAB)) to--;
    if (this.dirty) {
      const problem = this.bytesProblem(buf, from, to);
      if (problem) {
        this.rowErrors.push({ row, column: field.label, message: problem });
        return false;
      }
    }
    const w = this.writer;
    if (from === to) {
      if (field.required) {
        this.rowErrors.push({ row, column: field.label, message: "必填字段为空" });
        return false;
      }
      if (!rowBad) w.writeNull();
      return true;
    }
    if (field.type === "text" && field.pii !== "id_number") {
      if (!rowBad) w.writeBytes(buf, from, to);
      return true;
    }
    if (fastCell(field, buf, from, to)) {
      if (!rowBad) writeFast(w, field, buf, from, to);
      return true;
    }
    const ascii = isAscii(buf, from, to);
    const result = convertCell(field, buf.toString(ascii ? "latin1" : "utf8", from, to));
    if (!result.ok) {
      this.rowErrors.push({ row, column: field.label, message: result.message });
      return false;
    }
    if (!rowBad) this.writeValue(field, result.value);
    return true;
  }

  /** Why these bytes cannot be stored as text, or null. */
  private bytesProblem(buf: Buffer, from: number, to: number): string | null {
    const nul = buf.indexOf(0, from);
    if (nul >= 0 && nul < to) return NUL_MESSAGE;
    return isUtf8(buf.subarray(from, to)) ? null : this.invalidMessage;
  }

  private bytesProblemOf(latin1: string): string | null {
    const bytes = Buffer.from(latin1, "latin1");
    return this.bytesProblem(bytes, 0, bytes.length);
  }

  /** A value as convertCell normalised it. */
  private writeValue(field: DatasetField, value: string | null): void {
    const w = this.writer;
    if (value === null) return w.writeNull();
    switch (field.type) {
      case "text":
        return w.writeString(value);
      case "integer":
        return w.writeInt8Text(value);
      case "numeric":
        return w.writeNumeric(numericParts(value)!); // convertCell checked the range
      case "boolean":
        return w.writeBoolean(value === "t");
      case "date":
        return w.writeDateText(value);
      case "timestamp":
        return w.writeTimestampText(value);
    }
  }

  private beginRow(row: number): number {
    const mark = this.writer.beginRow(this.fieldCount);
    for (const id of this.prefixIds) this.writer.writeUuid(id);
    this.writer.writeInt8Number(row);
    return mark;
  }

  private endRow(mark: number, bad: boolean): void {
    if (bad) {
      this.writer.rewind(mark);
      this.counts.rowsRejected++;
      return;
    }
    // Strict mode writes nothing after the first bad row: the file will be rejected whole.
    if (this.strict && this.counts.rowsRejected > 0) {
      this.writer.rewind(mark);
      return;
    }
    this.counts.rowsImported++;
  }

  private abandon(mark: number, row: number, message: string): void {
    this.writer.rewind(mark);
    this.reject(row, "（整行）", message);
  }

  private reject(row: number, column: string, message: string): void {
    this.counts.rowsRejected++;
    this.onError({ row, column, message });
  }
}

/** A NUL byte, or bytes that are not UTF-8, between `from` and `to`. */
function hasBadBytes(buf: Buffer, from: number, to: number): boolean {
  const nul = buf.indexOf(0, from);
  if (nul >= 0 && nul < to) return true;
  return !isUtf8(buf.subarray(from, to));
}

function digitsOnly(buf: Buffer, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if (buf[i] < 0x30 || buf[i] > 0x39) return false;
  return true;
}

// No inner closures in hot paths: tsx (esbuild keepNames) wraps each one in a costly __name call.
function digitsAt(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (buf[i] - 48);
  return n;
}

/** YYYY-MM-DD of a real calendar date. */
function isoDate(buf: Buffer, from: number, to: number): boolean {
  if (to - from !== 10 || buf[from + 4] !== 0x2d || buf[from + 7] !== 0x2d) return false;
  if (!digitsOnly(buf, from, from + 4) || !digitsOnly(buf, from + 5, from + 7) || !digitsOnly(buf, from + 8, to)) return false;
  return isRealDate(digitsAt(buf, from, from + 4), digitsAt(buf, from + 5, from + 7), digitsAt(buf, from + 8, to));
}

function isTrueWord(buf: Buffer, from: number, to: number): boolean {
  const len = to - from;
  const b = buf[from];
  return (len === 1 && (b === 0x31 || b === 0x74)) || (len === 4 && b === 0x74 && buf[from + 1] === 0x72 && buf[from + 2] === 0x75 && buf[from + 3] === 0x65);
}

function isFalseWord(buf: Buffer, from: number, to: number): boolean {
  const len = to - from;
  const b = buf[from];
  return (len === 1 && (b === 0x30 || b === 0x66)) || (len === 5 && b === 0x66 && buf[from + 1] === 0x61 && buf[from + 2] === 0x6c && buf[from + 3] === 0x73 && buf[from + 4] === 0x65);
}

/**
 * The common, valid spellings checked on bytes: an ISO date, a plain integer or decimal, a
 * true/false word, a well-formed ID number. Anything else takes the string path, which accepts
 * the other spellings and words the errors.
 */
function fastCell(field: DatasetField, buf: Buffer, from: number, to: number): boolean {
  const sign = buf[from] === 0x2d || buf[from] === 0x2b ? 1 : 0;
  switch (field.type) {
    case "date":
      return isoDate(buf, from, to);
    case "integer":
      return to - from - sign <= 18 && digitsOnly(buf, from + sign, to);
    case "numeric": {
      // Short plain decimals only: long ones go the string path, which checks numeric's range.
      if (to - from > 64) return false;
      const dot = buf.indexOf(0x2e, from);
      if (dot < 0 || dot >= to) return digitsOnly(buf, from + sign, to);
      return digitsOnly(buf, from + sign, dot) && (dot + 1 === to || digitsOnly(buf, dot + 1, to));
    }
    case "boolean":
      return isTrueWord(buf, from, to) || isFalseWord(buf, from, to);
    case "text":
      return to - from === 18 && isValidIdNumberBytes(buf, from);
    default:
      return false;
  }
}

/** Writes a cell that passed fastCell. */
function writeFast(w: BinaryCopyWriter, field: DatasetField, buf: Buffer, from: number, to: number): void {
  switch (field.type) {
    case "date":
      return w.writeDate(digitsAt(buf, from, from + 4), digitsAt(buf, from + 5, from + 7), digitsAt(buf, from + 8, to));
    case "integer":
      return w.writeInt8Digits(buf, from, to);
    case "numeric":
      return w.writeNumeric(numericParts(buf.toString("latin1", from, to))!);
    case "boolean":
      return w.writeBoolean(isTrueWord(buf, from, to));
    default:
      return w.writeBytes(buf, from, to);
  }
}

function isAscii(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] >= 0x80) return false;
  return true;
}

function countQuotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}

function countFields(buf: Buffer, start: number, end: number): number {
  let n = 1;
  for (let i = buf.indexOf(COMMA, start); i >= 0 && i < end; i = buf.indexOf(COMMA, i + 1)) n++;
  return n;
}
