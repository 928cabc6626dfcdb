import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiKeys, orgs } from "@/db/schema";
import { makeActor, type Actor } from "../auth/actor";
import { isApiKeyScope, type ApiKeyScope } from "../auth/permissions";
import { keyExpiry } from "./expiry";
import { hashApiKey } from "./keys";

/** What a client may learn about the key it called with (GET /api/v1/me, response headers). */
export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  expiresAt: Date;
}

export type ApiKeyAuth = { ok: true; actor: Actor; key: ApiKeyInfo } | { ok: false; reason: "invalid" | "expired" };

/** "Last used" is kept to the minute (the admin page shows it so). */
const LAST_USED_PRECISION_MS = 60_000;

/**
 * Whether a call moves the key's last use: a write on every call (with its WAL flush) was most of
 * the time of a POST /api/v1/rules/check, which the builder sends on every edit.
 */
function lastUsedIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_PRECISION_MS;
}

/**
 * The actor a live key acts as: its org, with the union of its scopes' permissions and nothing else.
 * An unknown or revoked key is "invalid"; a known key past its expiry is "expired".
 */
export async function authenticateApiKey(key: string, ip: string | null, now: Date = new Date()): Promise<ApiKeyAuth> {
  const db = getDb();
  const [row] = await db
    .select({ key: apiKeys, org: orgs })
    .from(apiKeys)
    .innerJoin(orgs, eq(orgs.id, apiKeys.orgId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return { ok: false, reason: "invalid" };
  if (keyExpiry(row.key.expiresAt, now).state === "expired") return { ok: false, reason: "expired" };
  if (lastUsedIsStale(row.key.lastUsedAt, now)) await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id));
  const scopes = row.key.scopes.filter(isApiKeyScope);
  const actor = makeActor("api_key", row.key.id, `API 密钥：${row.key.name}`, row.org, scopes, ip);
  return { ok: true, actor, key: { id: row.key.id, name: row.key.name, scopes, expiresAt: row.key.expiresAt } };
}
