/**
 * GB 32100-2015 统一社会信用代码 (18 characters): registration authority, entity type, 6-digit
 * address code, 9-character organisation code (GB 11714, with its own check character) and a
 * check character over the first 17 (MOD 31). Pure; the importer checks 证件号码 cells with it.
 */

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"; // 31 characters: no I, O, S, V, Z
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

function orgCharValue(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55; // 0-9, then A=10 … Z=35
}

/** GB 11714 check character for an 8-character organisation code body. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(body8[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/** The GB 32100 check character for the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]);
    if (v < 0) throw new Error(`统一社会信用代码含非法字符：${first17[i]}`);
    sum += v * WEIGHTS[i];
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** A company's code: 9 (市场监管) + 1 (企业) + address code + organisation code + check. */
export function makeCreditCode(regionCode: string, orgBody8: string): string {
  const first17 = `91${regionCode}${orgBody8}${orgCodeCheckChar(orgBody8)}`;
  return first17 + creditCodeCheckChar(first17);
}

export function isValidCreditCode(s: string): boolean {
  return FORMAT.test(s) && creditCodeCheckChar(s.slice(0, 17)) === s[17];
}
