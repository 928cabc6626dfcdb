import "server-only";
import { getRedis } from "../redis";
import { SESSION_IDLE_SECONDS } from "./session-config";

const key = (sessionId: string): string => `session:revoked:${sessionId}`;

/**
 * Signing out revokes the session on the server too: a response racing the sign-out (a page
 * prefetch) may hand the browser a refreshed cookie, and that cookie must not work.
 */
export async function revokeSession(sessionId: string): Promise<void> {
  await getRedis().set(key(sessionId), "1", "EX", SESSION_IDLE_SECONDS);
}

export async function isSessionRevoked(sessionId: string): Promise<boolean> {
  return (await getRedis().exists(key(sessionId))) === 1;
}
