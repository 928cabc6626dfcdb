// 金额 as people write it: "12500", "12,500", "12，500", "12500元", "1.25万", "1.25万元".
// One parser for the outcome form, the action and the API; pure, so the form may import it too.

/** The largest amount numeric(16, 2) holds comfortably (and far above any real recovery). */
export const MAX_AMOUNT_YUAN = 1e13;

export type AmountParse = { ok: true; yuan: number } | { ok: false; message: string };

// Digits with optional thousands separators (ASCII or full-width comma, groups of three), an
// optional decimal part, an optional 万, an optional 元.
const AMOUNT = /^(\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(\d+))?(万)?元?$/;

/** Shifts a decimal written as integer and fraction digits by `places` to the left of 万 (×10^places). */
function scaled(intDigits: string, fracDigits: string, places: number): { int: string; frac: string } {
  const padded = fracDigits.padEnd(places, "0");
  return { int: (intDigits + padded.slice(0, places)).replace(/^0+(?=\d)/, ""), frac: padded.slice(places).replace(/0+$/, "") };
}

/**
 * Parses an amount in yuan. Exact: the decimal is shifted as text (1.1万 is 11000, not
 * 11000.000000000002), and more than two decimals of yuan (below one 分) are refused.
 */
export function parseAmount(input: string | number): AmountParse {
  if (typeof input === "number") return checked(input, Number.isFinite(input) ? String(input) : "");
  const text = input.normalize("NFKC").replace(/\s+/g, "").replace(/，/g, ",");
  // "-5" is a number, only not an amount: say so rather than "not a number".
  if (text.startsWith("-") && AMOUNT.test(text.slice(1))) return { ok: false, message: "金额须大于 0" };
  const match = AMOUNT.exec(text);
  if (!match) return { ok: false, message: "金额须为数字，如 12500、12,500 或 1.25万" };
  const [, intPart, fracPart = "", wan] = match;
  const { int, frac } = scaled(intPart.replace(/,/g, ""), fracPart, wan ? 4 : 0);
  if (frac.length > 2) return { ok: false, message: "金额最多精确到分（两位小数）" };
  return checked(Number(frac ? `${int}.${frac}` : int), text);
}

function checked(yuan: number, text: string): AmountParse {
  if (!Number.isFinite(yuan) || text === "") return { ok: false, message: "金额须为数字，如 12500、12,500 或 1.25万" };
  if (yuan <= 0) return { ok: false, message: "金额须大于 0" };
  if (yuan > MAX_AMOUNT_YUAN) return { ok: false, message: "金额过大" };
  if (Math.round(yuan * 100) / 100 !== yuan) return { ok: false, message: "金额最多精确到分（两位小数）" };
  return { ok: true, yuan };
}
