import type { PiiKind } from "./definition";
import { isValidIdNumber } from "./id-number";

// The one masking step for personal data on its way out: lists, details, explanations, exports,
// previews, the API and error messages all pass their values through here. Clear values leave the
// platform only through the audited reveal (lib/clues/reveal.ts).

/** Kinds a clue or a preview masks until revealed (names stay: prosecutors work by name). */
export const CLUE_MASKED_PII: readonly PiiKind[] = ["id_number", "phone"];

/** How personal data shows in lists: enough to recognise, not enough to misuse. */
export function maskValue(kind: PiiKind, value: string): string {
  const chars = [...value];
  switch (kind) {
    case "id_number":
      return chars.length <= 8 ? "*".repeat(chars.length) : `${chars.slice(0, 4).join("")}${"*".repeat(chars.length - 8)}${chars.slice(-4).join("")}`;
    case "phone":
      return chars.length <= 7 ? "*".repeat(chars.length) : `${chars.slice(0, 3).join("")}****${chars.slice(-4).join("")}`;
    case "name":
      return chars.length <= 1 ? "*" : chars.length === 2 ? `${chars[0]}*` : `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
    case "address":
      return chars.length <= 6 ? `${chars.slice(0, 2).join("")}****` : `${chars.slice(0, 6).join("")}****`;
    case "none":
      return value;
  }
}

// Digits glued to letters or other digits are codes, hashes or longer numbers, not an ID or a phone.
const ID_NUMBER_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

/**
 * Masks every ID number (valid check character) and mobile number found in free text: titles,
 * free-text fields, dedup keys and error messages carry them without a field kind to go by.
 */
export function maskText(text: string): string {
  if (text.length < 11) return text;
  return text
    .replace(ID_NUMBER_IN_TEXT, (m) => (isValidIdNumber(m.toUpperCase()) ? maskValue("id_number", m) : m))
    .replace(MOBILE_IN_TEXT, (m) => maskValue("phone", m));
}

/** A value of a field of `kind` as shown: masked by its kind when `masked` lists it, then as free text. */
export function maskFieldText(kind: PiiKind | undefined, text: string, masked: readonly PiiKind[] = CLUE_MASKED_PII): string {
  return maskText(kind && kind !== "none" && masked.includes(kind) ? maskValue(kind, text) : text);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Every string inside `value` (plain objects and arrays, any depth) through `maskText`; dates and numbers as they are. */
export function maskDeep<T>(value: T): T {
  if (typeof value === "string") return maskText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskDeep(v)) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)])) as T;
  return value;
}
