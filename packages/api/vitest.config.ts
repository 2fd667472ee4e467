import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // One database server for the run (embedded unless DATABASE_URL), see @lotse/db/testing.
    globalSetup: [fileURLToPath(import.meta.resolve("@lotse/db/testing/global-setup"))],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
