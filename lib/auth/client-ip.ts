import { BlockList, isIP } from "node:net";

/**
 * The address of the TCP peer, set by our own web server (scripts/web-server.mjs) on every request
 * after dropping whatever a client sent under this name. Route handlers and server actions cannot
 * see the socket, so this header is how they learn who is really connected.
 */
export const PEER_ADDRESS_HEADER = "x-shujian-peer-address";

/** IPv4 clients reach a dual-stack server as IPv4-mapped IPv6 addresses. */
function normalizeIp(value: string | null | undefined): string | null {
  const ip = value?.trim() ?? "";
  const unwrapped = ip.toLowerCase().startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  return isIP(unwrapped) ? unwrapped : null;
}

/** Parses `TRUSTED_PROXIES` ("10.0.0.1, 10.1.0.0/16, fd00::/8"); a bad entry is reported and skipped. */
export function parseTrustedProxies(spec: string): BlockList {
  const list = new BlockList();
  for (const entry of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [address, prefix] = entry.split("/", 2);
    const ip = normalizeIp(address);
    const family = ip ? (isIP(ip) === 4 ? "ipv4" : "ipv6") : null;
    const bits = prefix === undefined ? null : Number(prefix);
    const maxBits = family === "ipv4" ? 32 : 128;
    if (!ip || !family || (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))) {
      console.error(`[config] TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range; ignored`);
      continue;
    }
    if (bits === null) list.addAddress(ip, family);
    else list.addSubnet(ip, bits, family);
  }
  return list;
}

let cached: { spec: string; list: BlockList } | null = null;

function trustedProxies(): BlockList {
  const spec = process.env.TRUSTED_PROXIES ?? "";
  if (cached?.spec !== spec) cached = { spec, list: parseTrustedProxies(spec) };
  return cached.list;
}

function isTrusted(ip: string, list: BlockList): boolean {
  return list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address. Forwarded headers (X-Forwarded-For, X-Real-IP) count only when the peer is
 * one of `TRUSTED_PROXIES` (default: none): anyone else could name any address, dodge the per-IP
 * sign-in limit, lock another address out and forge the audit log. Through trusted proxies the
 * client is the right-most forwarded address that is not itself a trusted proxy. Without the peer
 * header (a server other than ours) the address is unknown.
 */
export function clientIp(headers: Headers, trusted: BlockList = trustedProxies()): string | null {
  const peer = normalizeIp(headers.get(PEER_ADDRESS_HEADER));
  if (!peer || !isTrusted(peer, trusted)) return peer;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").filter((s) => s.trim() !== "");
  let nearest = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = normalizeIp(chain[i]);
    // A hop that is not an address: the proxies vouch for nothing beyond the last good one.
    if (!hop) return nearest;
    if (!isTrusted(hop, trusted)) return hop;
    nearest = hop;
  }
  // Every hop is a proxy of ours (Next adds the peer as X-Forwarded-For when a proxy sent none).
  return normalizeIp(headers.get("x-real-ip")) ?? nearest;
}
