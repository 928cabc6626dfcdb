import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

/**
 * What a password set through the product must satisfy (creation, reset). The seed's demo accounts are
 * the one exception: they keep their documented `demo1234` (db/seed.ts hashes it without this policy).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * zxcvbn's score 3 means about 10^8 guesses: out of reach of the common-password lists, keyboard walks
 * (`qwerty12`, `1qaz2wsx3edc`), repeats (`aaaaaaa1`) and dictionary words with digits (`password123`).
 */
const MIN_STRENGTH_SCORE = 3;

export const PASSWORD_MESSAGES = {
  tooShort: `密码至少 ${PASSWORD_MIN_LENGTH} 位`,
  tooLong: `密码不能超过 ${PASSWORD_MAX_LENGTH} 位`,
  common: "密码过于常见或容易猜到（常用密码、键盘序列、重复字符等），请换一个",
  containsUsername: "密码不能包含用户名",
} as const;

// Building the matcher loads the dictionaries (~0.1 s): once per process, on first use.
let estimator: ZxcvbnFactory | null = null;
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

/** True when the password is among the common ones or follows a pattern crackers try first. */
export function isCommonPassword(password: string): boolean {
  return strengthEstimator().check(password).score < MIN_STRENGTH_SCORE;
}

/** True when the password contains the username, in any letter case. */
export function containsUsername(password: string, username: string): boolean {
  const name = username.trim().toLowerCase();
  return name.length > 0 && password.toLowerCase().includes(name);
}

/** The first rule the password breaks, in Chinese, or null when it may be used. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.tooShort;
  if (password.length > PASSWORD_MAX_LENGTH) return PASSWORD_MESSAGES.tooLong;
  if (containsUsername(password, username)) return PASSWORD_MESSAGES.containsUsername;
  if (isCommonPassword(password)) return PASSWORD_MESSAGES.common;
  return null;
}
