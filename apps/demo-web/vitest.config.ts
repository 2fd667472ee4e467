import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // tsconfig.json's `~/*` path alias, for tests of modules that import through it.
    alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  test: {
    // Vitest 4 only excludes node_modules and .git by default; keep it away from
    // .next output and from Playwright specs.
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
