import type { DatasetField } from "../definition";
import { isValidCreditCode } from "../credit-code";
import { idNumberCheckDigit, isValidIdNumber } from "../id-number";
import { numericParts } from "./copy-binary";

/**
 * A cell validated and normalised (null for an empty optional cell; ISO dates; digits without
 * thousands separators; "t"/"f"; timestamps with their zone), or why it cannot be stored.
 */
export type CellResult = { ok: true; value: string | null } | { ok: false; message: string };

const SHOWN_CHARS = 50;

/**
 * A cell's text as quoted in a message: at most 50 characters, so a huge cell never makes a huge
 * message, and a NUL shown as ␀ (PostgreSQL stores no NUL in text or jsonb, so a message holding
 * one could not be saved).
 */
export function shownValue(value: string): string {
  const text = value.includes("\0") ? value.replace(/\0/g, "␀") : value;
  if (text.length <= SHOWN_CHARS) return text;
  // Cut on a character boundary (a surrogate pair is one character).
  const cut = Array.from(text.slice(0, SHOWN_CHARS * 2)).slice(0, SHOWN_CHARS).join("");
  return cut.length < text.length ? `${cut}…` : cut;
}

const ok = (value: string): CellResult => ({ ok: true, value });
const NULL_CELL: CellResult = { ok: true, value: null };
const TRUE_CELL: CellResult = { ok: true, value: "t" };
const FALSE_CELL: CellResult = { ok: true, value: "f" };
const bad = (message: string): CellResult => ({ ok: false, message });

const TRUE_WORDS = new Set(["true", "t", "1", "y", "yes", "是", "真"]);
const FALSE_WORDS = new Set(["false", "f", "0", "n", "no", "否", "假"]);

export function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

const DATE_PATTERNS = [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, /^(\d{4})(\d{2})(\d{2})$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日$/, /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/];

/** YYYY-MM-DD read straight from char codes (the common case, millions of times an import). */
function isoDateFast(value: string): string | null | undefined {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  let y = 0, m = 0, d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  return isRealDate(y, m, d) ? value : null;
}

/** Accepts the date spellings agencies export; answers ISO YYYY-MM-DD or null. */
export function parseDate(value: string): string | null {
  const fast = isoDateFast(value);
  if (fast !== undefined) return fast;
  for (const pattern of DATE_PATTERNS) {
    const m = pattern.exec(value);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isRealDate(y, mo, d)) return null;
    return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }
  return null;
}

const TIMESTAMP = /^(\d{4}[-/]\d{1,2}[-/]\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Date and time; without a zone it is China Standard Time. */
export function parseTimestamp(value: string): string | null {
  const m = TIMESTAMP.exec(value);
  if (!m) {
    const dateOnly = parseDate(value);
    return dateOnly ? `${dateOnly} 00:00:00+08:00` : null;
  }
  const date = parseDate(m[1]);
  const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (!date || h > 23 || mi > 59 || s > 59) return null;
  const zone = m[6] ?? "+08:00";
  // PostgreSQL's range for a UTC offset (±15:59); the importer lays out the instant itself.
  if (zone !== "Z" && (Number(zone.slice(1, 3)) > 15 || Number(zone.slice(-2)) > 59)) return null;
  return `${date} ${String(h).padStart(2, "0")}:${m[3]}:${String(s).padStart(2, "0")}${m[5] ?? ""}${zone}`;
}

/**
 * 证件号码 columns hold resident ID numbers (GB 11643) and, for companies, 统一社会信用代码
 * (GB 32100); both carry a check character.
 */
function idProblem(value: string): string | null {
  if (isValidIdNumber(value) || isValidCreditCode(value)) return null;
  if (/^\d{17}[\dX]$/.test(value)) return idNumberCheckDigit(value.slice(0, 17)) === value[17] ? "身份证号中的出生日期无效" : "身份证号校验位错误";
  if (/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) return "统一社会信用代码校验位错误";
  return "证件号码格式错误（应为 18 位身份证号或统一社会信用代码）";
}

const INTEGER = /^[+-]?\d{1,18}$/;
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Validates and normalises one cell for its field. */
export function convertCell(field: DatasetField, raw: string): CellResult {
  const value = raw.trim();
  if (value === "") return field.required ? bad("必填字段为空") : NULL_CELL;
  switch (field.type) {
    case "text":
      if (field.pii === "id_number") {
        const problem = idProblem(value.toUpperCase());
        if (problem) return bad(problem);
        return ok(value.toUpperCase());
      }
      return ok(value);
    case "integer": {
      const digits = value.includes(",") ? value.replace(/,/g, "") : value;
      return INTEGER.test(digits) ? ok(digits) : bad(`不是整数：“${shownValue(value)}”`);
    }
    case "numeric": {
      const digits = value.includes(",") ? value.replace(/,/g, "") : value;
      if (!NUMERIC.test(digits)) return bad(`不是数值：“${shownValue(value)}”`);
      return numericParts(digits) ? ok(digits) : bad(`数值超出范围：“${shownValue(value)}”`);
    }
    case "boolean": {
      const word = value.toLowerCase();
      if (TRUE_WORDS.has(word)) return TRUE_CELL;
      if (FALSE_WORDS.has(word)) return FALSE_CELL;
      return bad(`不是“是/否”值：“${shownValue(value)}”`);
    }
    case "date": {
      const date = parseDate(value);
      return date ? ok(date) : bad(`不是有效日期：“${shownValue(value)}”（应为 YYYY-MM-DD 且日期真实存在）`);
    }
    case "timestamp": {
      const ts = parseTimestamp(value);
      return ts ? ok(ts) : bad(`不是有效日期时间：“${shownValue(value)}”`);
    }
  }
}
