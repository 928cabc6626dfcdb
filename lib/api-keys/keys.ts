import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "dj_";

/** A new random key: `dj_` + 32 bytes base64url. Shown once; only its hash is stored. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** What the list shows to recognise a key without revealing it. */
export function displayPrefix(key: string): string {
  return key.slice(0, 10);
}
