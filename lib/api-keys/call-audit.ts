import "server-only";
import { getRedis } from "../redis";

/** A key's reads of one path are audited at most once in this window; writes are always audited. */
export const READ_AUDIT_WINDOW_SECONDS = 60;

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether this API call gets an audit row. A script polling `GET /imports/{id}` every second would
 * otherwise write 3,600 rows an hour; the first read of a path in a window is recorded, the rest are not.
 * `readOnly` marks a POST that changes nothing and shows no data (POST /rules/check): audited as a read.
 */
export async function shouldAuditCall(keyId: string, method: string, path: string, readOnly = false): Promise<boolean> {
  if (!readOnly && !READS.has(method.toUpperCase())) return true;
  try {
    const first = await getRedis().set(`api-audit:${keyId}:${path}`, "1", "EX", READ_AUDIT_WINDOW_SECONDS, "NX");
    return first === "OK";
  } catch (error) {
    // Without Redis the call is audited: a duplicate row is better than a missing one.
    console.error("[api] read-audit dedupe unavailable", error);
    return true;
  }
}
