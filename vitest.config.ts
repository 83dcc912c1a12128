// Test runner configuration: every package's unit tests and the cross-cutting suites in packages/*/test.
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    conditions: ["@pixl/source"],
  },
  ssr: {
    resolve: {
      conditions: ["@pixl/source"],
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the CPUs: a single worker on a 2-core machine. Most files
    // wait on sockets, child processes and PostgreSQL, so two workers overlap that waiting.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
