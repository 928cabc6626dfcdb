import { decode, encode, type JWT, type JWTDecodeParams, type JWTEncodeParams } from "next-auth/jwt";

/**
 * Session cookies, decoded and sealed at most once a minute per session. Auth.js decodes the
 * encrypted cookie and seals a fresh one (new expiry) on every session read — twice per signed-in
 * request (route protection, then the page) — and each is a key derivation, AES and HMACs on the
 * crypto thread pool: about a fifth of an ordinary page's server CPU.
 * - decode: the key is the whole encrypted cookie, so a hit is exactly the cookie decoded before.
 * - encode: the same claims sealed within the last minute answer the same cookie, so the idle
 *   clock moves on once a minute rather than on every request.
 * Revocation and the user's current roles are still checked on every request (lib/auth/session.ts).
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const decoded = new Map<string, { token: JWT; until: number }>();
const sealed = new Map<string, { cookie: string; until: number }>();

/** Adds an entry, dropping the oldest beyond the limit (a Map keeps insertion order). */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.set(key, value);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
}

function secretsKey(secret: string | string[]): string {
  return Array.isArray(secret) ? secret.join("\u0000") : secret;
}

export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  if (!params.token) return null;
  const key = `${params.salt}\u0001${secretsKey(params.secret)}\u0001${params.token}`;
  const now = Date.now();
  const hit = decoded.get(key);
  if (hit && hit.until > now) return { ...hit.token };
  if (hit) decoded.delete(key);
  const token = await decode(params);
  if (!token) return null;
  // Never past the token's own expiry.
  const expiresMs = typeof token.exp === "number" ? token.exp * 1000 : now + TTL_MS;
  remember(decoded, key, { token, until: Math.min(now + TTL_MS, expiresMs) });
  return { ...token };
}

export async function encodeSessionToken(params: JWTEncodeParams): Promise<string> {
  // The claims without the ones every sealing sets anew (issued at, expiry, token id).
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = params.token ?? {};
  const key = `${params.salt}\u0001${secretsKey(params.secret)}\u0001${params.maxAge ?? ""}\u0001${JSON.stringify(claims)}`;
  const now = Date.now();
  const hit = sealed.get(key);
  if (hit && hit.until > now) return hit.cookie;
  const cookie = await encode(params);
  remember(sealed, key, { cookie, until: now + TTL_MS });
  return cookie;
}
