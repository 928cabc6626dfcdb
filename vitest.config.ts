import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests (co-located in lib/) and integration tests (tests/, against the real throwaway
// PostgreSQL + Redis that `npm test` starts). No dotenv here on purpose: a developer's .env
// points at their own database, and tests create and drop databases.
export default defineConfig({
  resolve: {
    alias: {
      "@": import.meta.dirname,
      // lib/ files mark themselves `import "server-only"`, which throws outside a React server build.
      "server-only": path.join(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**", ".next/**"],
    environment: "node",
    // 2 cores: two files at a time; each integration file uses its own cloned database.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
