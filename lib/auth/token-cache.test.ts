import { decode, encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeSessionToken, encodeSessionToken } from "./token-cache";

const secret = "test-secret-that-is-long-enough-for-hkdf-0123456789";
const salt = "authjs.session-token";

afterEach(() => {
  vi.useRealTimers();
});

describe("session token cache", () => {
  it("seals the same claims once a minute, and new claims at once", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-25T08:00:00Z"), toFake: ["Date"] });
    const claims = { uid: "u1", sv: 1, sid: "s1" };
    const first = await encodeSessionToken({ token: { ...claims, iat: 1, exp: 2, jti: "a" }, secret, salt, maxAge: 3600 });
    vi.setSystemTime(new Date("2026-11-25T08:00:30Z"));
    expect(await encodeSessionToken({ token: { ...claims, iat: 9, exp: 9, jti: "b" }, secret, salt, maxAge: 3600 })).toBe(first);
    expect(await encodeSessionToken({ token: { ...claims, sv: 2 }, secret, salt, maxAge: 3600 })).not.toBe(first);
    vi.setSystemTime(new Date("2026-11-25T08:01:01Z"));
    const later = await encodeSessionToken({ token: claims, secret, salt, maxAge: 3600 });
    expect(later).not.toBe(first);
    // The re-sealed cookie carries the later expiry (the idle clock moved on).
    const [a, b] = await Promise.all([decode({ token: first, secret, salt }), decode({ token: later, secret, salt })]);
    expect(b!.exp! - a!.exp!).toBe(61);
  });

  it("decodes a cookie once, answers copies, and refuses other cookies and other secrets", async () => {
    const cookie = await encode({ token: { uid: "u2", sid: "s2" }, secret, salt, maxAge: 3600 });
    const one = await decodeSessionToken({ token: cookie, secret, salt });
    expect(one).toMatchObject({ uid: "u2", sid: "s2" });
    one!.uid = "changed";
    expect(await decodeSessionToken({ token: cookie, secret, salt })).toMatchObject({ uid: "u2" });
    await expect(decodeSessionToken({ token: cookie, secret: `${secret}x`, salt })).rejects.toThrow();
    await expect(decodeSessionToken({ token: `${cookie.slice(0, -4)}AAAA`, secret, salt })).rejects.toThrow();
    expect(await decodeSessionToken({ token: "", secret, salt })).toBeNull();
  });

  it("does not serve a cached cookie past its expiry", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-25T08:00:00Z"), toFake: ["Date"] });
    const cookie = await encode({ token: { uid: "u3" }, secret, salt, maxAge: 10 });
    expect(await decodeSessionToken({ token: cookie, secret, salt })).toMatchObject({ uid: "u3" });
    // Past the expiry and Auth.js's 15 s clock tolerance.
    vi.setSystemTime(new Date("2026-11-25T08:00:40Z"));
    await expect(decodeSessionToken({ token: cookie, secret, salt })).rejects.toThrow();
  });
});
