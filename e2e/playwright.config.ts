import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./browser.ts";

const resultsDir = path.join(import.meta.dirname, "..", ".test-results");

export default defineConfig({
  testDir: "./tests",
  testMatch: "**/*.spec.ts",
  globalSetup: "./global-setup.ts",
  // Flakiness is fixed, not retried (STYLE.md).
  retries: 0,
  forbidOnly: !!process.env.CI,
  workers: 2,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: path.join(resultsDir, "e2e.json") }]],
  outputDir: path.join(import.meta.dirname, "test-results"),
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions() },
    },
  ],
});
