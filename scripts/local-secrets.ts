// Secrets that `npm start` generates once and keeps in the data dir, so restarts keep sessions
// valid and can still show the demo API key (only its hash is in the database).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const AUTH_SECRET_FILE = "auth-secret";
const DEMO_API_KEY_FILE = "demo-api-key";
const MIN_SECRET_LENGTH = 32;

function readTrimmed(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, "utf8").trim();
  return text === "" ? null : text;
}

function writePrivate(file: string, value: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600 });
}

/** AUTH_SECRET from the environment, else the one persisted in the data dir, else a new one (persisted). */
export function loadOrCreateAuthSecret(dataDir: string, fromEnv: string | undefined): { secret: string; source: string } {
  if (fromEnv) return { secret: fromEnv, source: "AUTH_SECRET" };
  const file = path.join(dataDir, AUTH_SECRET_FILE);
  const stored = readTrimmed(file);
  if (stored && stored.length >= MIN_SECRET_LENGTH) return { secret: stored, source: file };
  const secret = crypto.randomBytes(32).toString("base64url"); // 43 chars
  writePrivate(file, secret);
  return { secret, source: `${file} (new)` };
}

export function readDemoApiKey(dataDir: string): string | null {
  return readTrimmed(path.join(dataDir, DEMO_API_KEY_FILE));
}

export function saveDemoApiKey(dataDir: string, apiKey: string): void {
  writePrivate(path.join(dataDir, DEMO_API_KEY_FILE), apiKey);
}
