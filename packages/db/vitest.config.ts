import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Unit tests (*.test.ts) and integration tests against a real PostgreSQL
    // (*.int.test.ts) both live under src/.
    include: ["src/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./src/testing/global-setup.ts"],
    // Integration tests start (or reuse) the embedded PostgreSQL and replay migrations.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
