import type { ImportErrorItem } from "@/db/schema";
import type { DatasetField } from "../definition";
import { splitQuoted } from "./csv-parser";
import { isValidIdNumberBytes } from "../id-number";
import { convertCell, isRealDate } from "./values";

/**
 * Turns CSV bytes (UTF-8) straight into COPY text-format bytes, validating every cell on the way.
 * Speed is the point — an import is millions of rows — so a line without quotes is split on
 * byte offsets, text cells are copied as bytes without decoding, and only the typed cells (dates,
 * numbers, ID numbers: ASCII) become small strings for checking. Lines with quotes, and cells
 * with non-ASCII content in typed columns, take the string path (`convertCell`), which also words
 * every error message.
 */
export interface EncoderCounts {
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
}

const NL = 0x0a, CR = 0x0d, COMMA = 0x2c, QUOTE = 0x22, TAB = 0x09, SPACE = 0x20, BACKSLASH = 0x5c;
const NULL_BYTES = Buffer.from("\\N");
const OUT_CHUNK = 1 << 20;

export class CopyEncoder {
  readonly counts: EncoderCounts = { rowsRead: 0, rowsImported: 0, rowsRejected: 0 };
  private rest: Buffer | null = null;
  /** A quoted record still open across lines (string path). */
  private partial: { row: number; text: string } | null = null;
  private out = Buffer.allocUnsafe(OUT_CHUNK);
  private pos = 0;
  private readonly prefix: Buffer;
  /** Cell errors of the row being read: reported once the row is known to have the right width. */
  private rowErrors: ImportErrorItem[] = [];

  /**
   * `columns`: the field of each file column, from the header. `line`: the row number of the
   * header, so the first body line is `line + 1` (rows as a spreadsheet numbers them).
   */
  constructor(
    private readonly columns: DatasetField[],
    prefix: string,
    private readonly strict: boolean,
    private readonly onError: (error: ImportErrorItem) => void,
    private line = 1,
  ) {
    this.prefix = Buffer.from(prefix);
  }

  /** Encodes the complete lines in a UTF-8 chunk of the body; answers the COPY bytes of the good rows. */
  push(chunk: Buffer): Buffer | null {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(NL, start); nl >= 0; nl = buf.indexOf(NL, start)) {
      const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
      this.lineBytes(buf, start, end);
      start = nl + 1;
    }
    this.rest = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
    return this.take();
  }

  /** Flushes the last line (no final line break); reports a quote left open. */
  end(): Buffer | null {
    if (this.rest) {
      const rest = this.rest;
      this.rest = null;
      this.lineBytes(rest, 0, rest.length);
    }
    if (this.partial) {
      this.counts.rowsRead++;
      this.counts.rowsRejected++;
      this.onError({ row: this.partial.row, column: "（整行）", message: "引号未闭合：该行到文件末尾都在引号内" });
      this.partial = null;
    }
    return this.take();
  }

  /** A record already split into strings (spreadsheets, quoted lines). */
  record(row: number, fields: string[]): void {
    this.counts.rowsRead++;
    const columns = this.columns;
    if (fields.length !== columns.length) return this.reject(row, "（整行）", `列数不符：应有 ${columns.length} 列，实际 ${fields.length} 列`);
    const mark = this.beginRow(row);
    let bad = false;
    for (let i = 0; i < columns.length; i++) {
      const result = convertCell(columns[i], fields[i]);
      if (!result.ok) {
        bad = true;
        this.onError({ row, column: columns[i].label, message: result.message });
      } else if (!bad) this.writeText(result.text);
    }
    this.endRow(mark, bad);
  }

  /** The COPY bytes encoded since the last call. */
  take(): Buffer | null {
    if (this.pos === 0) return null;
    const chunk = Buffer.from(this.out.subarray(0, this.pos));
    this.pos = 0;
    return chunk;
  }

  private lineBytes(buf: Buffer, start: number, end: number): void {
    this.line++;
    if (this.partial) {
      const text = this.partial.text + buf.toString("utf8", start, end);
      if (countQuotes(text) % 2 === 0) {
        const row = this.partial.row;
        this.partial = null;
        this.record(row, splitQuoted(text));
      } else this.partial.text = text + "\n";
      return;
    }
    if (end === start) return; // blank line: counted, not a record
    const quote = buf.indexOf(QUOTE, start);
    if (quote >= 0 && quote < end) {
      const text = buf.toString("utf8", start, end);
      if (countQuotes(text) % 2 === 1) this.partial = { row: this.line, text: text + "\n" };
      else this.record(this.line, splitQuoted(text));
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
    if (from === to) {
      if (field.required) {
        this.rowErrors.push({ row, column: field.label, message: "必填字段为空" });
        return false;
      }
      if (!rowBad) this.writeBytes(NULL_BYTES, 0, NULL_BYTES.length);
      return true;
    }
    if (field.type === "text" && field.pii !== "id_number") {
      if (!rowBad) this.writeEscaped(buf, from, to);
      return true;
    }
    const fast = fastCell(field, buf, from, to);
    if (fast === FAST_COPY) {
      if (!rowBad) this.writeBytes(buf, from, to);
      return true;
    }
    if (fast === FAST_TRUE || fast === FAST_FALSE) {
      if (!rowBad) {
        this.ensure(2);
        this.out[this.pos++] = TAB;
        this.out[this.pos++] = fast === FAST_TRUE ? 0x74 : 0x66;
      }
      return true;
    }
    const ascii = isAscii(buf, from, to);
    const result = convertCell(field, buf.toString(ascii ? "latin1" : "utf8", from, to));
    if (!result.ok) {
      this.rowErrors.push({ row, column: field.label, message: result.message });
      return false;
    }
    if (!rowBad) this.writeText(result.text);
    return true;
  }

  private beginRow(row: number): number {
    const mark = this.pos;
    this.ensure(this.prefix.length + 24);
    if (this.prefix.length > 0) this.pos += this.prefix.copy(this.out, this.pos);
    this.writeInt(row);
    return mark;
  }

  private endRow(mark: number, bad: boolean): void {
    if (bad) {
      this.pos = mark;
      this.counts.rowsRejected++;
      return;
    }
    // Strict mode writes nothing after the first bad row: the file will be rejected whole.
    if (this.strict && this.counts.rowsRejected > 0) {
      this.pos = mark;
      return;
    }
    this.ensure(1);
    this.out[this.pos++] = NL;
    this.counts.rowsImported++;
  }

  private abandon(mark: number, row: number, message: string): void {
    this.pos = mark;
    this.reject(row, "（整行）", message);
  }

  private reject(row: number, column: string, message: string): void {
    this.counts.rowsRejected++;
    this.onError({ row, column, message });
  }

  private writeInt(n: number): void {
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = digits - 1, x = n; i >= 0; i--, x = Math.floor(x / 10)) this.out[this.pos + i] = 48 + (x % 10);
    this.pos += digits;
  }

  private writeText(text: string): void {
    this.ensure(text.length * 3 + 1);
    this.out[this.pos++] = TAB;
    this.pos += this.out.write(text, this.pos, "utf8");
  }

  private writeBytes(src: Buffer, from: number, to: number): void {
    this.ensure(to - from + 1);
    const out = this.out;
    out[this.pos++] = TAB;
    // Short cells: a byte loop is cheaper than a native copy call.
    if (to - from < 48) for (let i = from; i < to; i++) out[this.pos++] = src[i];
    else this.pos += src.copy(out, this.pos, from, to);
  }

  /** Copies text bytes, escaping what COPY's text format treats specially. */
  private writeEscaped(src: Buffer, from: number, to: number): void {
    this.ensure((to - from) * 2 + 1);
    this.out[this.pos++] = TAB;
    let plain = true;
    for (let i = from; i < to; i++) {
      const b = src[i];
      if (b === BACKSLASH || b === TAB || b === CR || b === NL) {
        plain = false;
        break;
      }
    }
    if (plain) {
      const out = this.out;
      if (to - from < 48) for (let i = from; i < to; i++) out[this.pos++] = src[i];
      else this.pos += src.copy(out, this.pos, from, to);
      return;
    }
    for (let i = from; i < to; i++) {
      const b = src[i];
      if (b === BACKSLASH) (this.out[this.pos++] = BACKSLASH), (this.out[this.pos++] = BACKSLASH);
      else if (b === TAB) (this.out[this.pos++] = BACKSLASH), (this.out[this.pos++] = 0x74);
      else if (b === CR) (this.out[this.pos++] = BACKSLASH), (this.out[this.pos++] = 0x72);
      else if (b === NL) (this.out[this.pos++] = BACKSLASH), (this.out[this.pos++] = 0x6e);
      else this.out[this.pos++] = b;
    }
  }

  /** Room for `n` more bytes; a full buffer is kept whole and a fresh one started. */
  private ensure(n: number): void {
    if (this.pos + n <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.pos + n));
    this.out.copy(bigger, 0, 0, this.pos);
    this.out = bigger;
  }
}

const FAST_NONE = 0, FAST_COPY = 1, FAST_TRUE = 2, FAST_FALSE = 3;

function digitsOnly(buf: Buffer, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if (buf[i] < 0x30 || buf[i] > 0x39) return false;
  return true;
}

/** YYYY-MM-DD of a real calendar date. */
function isoDate(buf: Buffer, from: number, to: number): boolean {
  if (to - from !== 10 || buf[from + 4] !== 0x2d || buf[from + 7] !== 0x2d) return false;
  if (!digitsOnly(buf, from, from + 4) || !digitsOnly(buf, from + 5, from + 7) || !digitsOnly(buf, from + 8, to)) return false;
  // No inner closures in hot paths: tsx (esbuild keepNames) wraps each one in a costly __name call.
  const year = (buf[from] - 48) * 1000 + (buf[from + 1] - 48) * 100 + (buf[from + 2] - 48) * 10 + (buf[from + 3] - 48);
  return isRealDate(year, (buf[from + 5] - 48) * 10 + (buf[from + 6] - 48), (buf[from + 8] - 48) * 10 + (buf[from + 9] - 48));
}

/**
 * The common, valid spellings checked on bytes: an ISO date, a plain integer or decimal, a
 * true/false word, a well-formed ID number. Anything else takes the string path (FAST_NONE),
 * which accepts the other spellings and words the errors.
 */
function fastCell(field: DatasetField, buf: Buffer, from: number, to: number): number {
  const sign = buf[from] === 0x2d || buf[from] === 0x2b ? 1 : 0;
  switch (field.type) {
    case "date":
      return isoDate(buf, from, to) ? FAST_COPY : FAST_NONE;
    case "integer":
      return to - from - sign <= 18 && digitsOnly(buf, from + sign, to) ? FAST_COPY : FAST_NONE;
    case "numeric": {
      const dot = buf.indexOf(0x2e, from);
      if (dot < 0 || dot >= to) return digitsOnly(buf, from + sign, to) ? FAST_COPY : FAST_NONE;
      return digitsOnly(buf, from + sign, dot) && (dot + 1 === to || digitsOnly(buf, dot + 1, to)) ? FAST_COPY : FAST_NONE;
    }
    case "boolean": {
      const len = to - from;
      const b = buf[from];
      if (len === 1) return b === 0x31 || b === 0x74 ? FAST_TRUE : b === 0x30 || b === 0x66 ? FAST_FALSE : FAST_NONE;
      if (len === 4 && b === 0x74 && buf[from + 1] === 0x72 && buf[from + 2] === 0x75 && buf[from + 3] === 0x65) return FAST_TRUE;
      if (len === 5 && b === 0x66 && buf[from + 1] === 0x61 && buf[from + 2] === 0x6c && buf[from + 3] === 0x73 && buf[from + 4] === 0x65) return FAST_FALSE;
      return FAST_NONE;
    }
    case "text":
      return to - from === 18 && isValidIdNumberBytes(buf, from) ? FAST_COPY : FAST_NONE;
    default:
      return FAST_NONE;
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
