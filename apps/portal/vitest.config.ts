import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Vitest 4 only excludes node_modules and .git by default; keep it away from
    // .next output and from Playwright specs.
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
