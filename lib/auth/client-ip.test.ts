import { describe, expect, it } from "vitest";
import { clientIp, parseTrustedProxies, PEER_ADDRESS_HEADER } from "./client-ip";

const NONE = parseTrustedProxies("");
const PROXIES = parseTrustedProxies("10.0.0.1, 10.1.0.0/16, fd00::/8");
const request = (peer: string | null, extra: Record<string, string> = {}): Headers =>
  new Headers({ ...(peer === null ? {} : { [PEER_ADDRESS_HEADER]: peer }), ...extra });

describe("clientIp", () => {
  it("an untrusted peer is the client, whatever forwarded headers it sends", () => {
    const forged = { "x-forwarded-for": "203.0.113.5", "x-real-ip": "203.0.113.6" };
    expect(clientIp(request("198.51.100.7", forged), NONE)).toBe("198.51.100.7");
    expect(clientIp(request("198.51.100.7", forged), PROXIES)).toBe("198.51.100.7");
    expect(clientIp(request("::ffff:127.0.0.1", forged), NONE)).toBe("127.0.0.1");
  });

  it("without our server's peer header the address is unknown", () => {
    expect(clientIp(request(null, { "x-forwarded-for": "203.0.113.5" }), PROXIES)).toBeNull();
    expect(clientIp(request("not an ip"), PROXIES)).toBeNull();
  });

  it("through trusted proxies: the right-most forwarded address that is not a proxy", () => {
    expect(clientIp(request("10.0.0.1", { "x-forwarded-for": "203.0.113.5" }), PROXIES)).toBe("203.0.113.5");
    // The client prepended a forged address; the proxies appended the real one.
    expect(clientIp(request("10.0.0.1", { "x-forwarded-for": "1.2.3.4, 203.0.113.5, 10.1.4.4" }), PROXIES)).toBe("203.0.113.5");
    expect(clientIp(request("fd00::2", { "x-forwarded-for": "::ffff:203.0.113.9" }), PROXIES)).toBe("203.0.113.9");
    expect(clientIp(request("10.0.0.1", { "x-forwarded-for": "10.0.0.1", "x-real-ip": "203.0.113.8" }), PROXIES)).toBe("203.0.113.8");
    expect(clientIp(request("10.0.0.1", { "x-forwarded-for": "garbage, 10.1.2.3" }), PROXIES)).toBe("10.1.2.3");
  });

  it("skips TRUSTED_PROXIES entries that are not addresses or ranges", () => {
    const list = parseTrustedProxies("10.0.0.1, nonsense, 10.2.0.0/99, 10.3.0.0/16");
    expect(list.check("10.0.0.1", "ipv4")).toBe(true);
    expect(list.check("10.3.7.7", "ipv4")).toBe(true);
    expect(list.check("10.2.0.1", "ipv4")).toBe(false);
  });
});
