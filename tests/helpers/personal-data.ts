import { isValidIdNumber } from "../../lib/datasets/id-number";

// What "personal data in clear" means for the tests (the e2e scan in tests/e2e/fixtures.ts and the
// API integration tests): an 18-digit ID number with a valid check character, or an 11-digit
// mobile number. Digits glued to letters are hashes or codes (`a13812345678b` in a chunk name).
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

/** The clear ID numbers and mobile numbers in `text`, labelled. */
export function findClearPersonalData(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(ID_NUMBER)) if (isValidIdNumber(m[0])) found.add(`身份证号 ${m[0]}`);
  for (const m of text.matchAll(MOBILE)) found.add(`手机号 ${m[0]}`);
  return [...found];
}
