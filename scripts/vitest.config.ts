import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The stack tests start whole stacks; `pnpm test` runs them after the build (test:stack).
    exclude: [...configDefaults.exclude, "**/*.stack.test.ts"],
  },
});
