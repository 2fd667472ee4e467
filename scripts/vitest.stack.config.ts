import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.stack.test.ts"],
    // One stack at a time: they are whole process trees on a 2-core machine.
    fileParallelism: false,
  },
});
