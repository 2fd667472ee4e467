/**
 * `pnpm test`: unit and integration tests of every package (turbo → vitest), then the
 * apps' production build, then the end-to-end suite (Playwright), and one summary line
 * over all of them. Every layer runs even if an earlier one failed, so one run shows
 * everything that is broken.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ConfigError, startDatabase } from "@lotse/db/server";

const root = path.resolve(import.meta.dirname, "..", "..");
const results = path.join(root, ".test-results");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  TURBO_NO_UPDATE_NOTIFIER: "1",
  NEXT_TELEMETRY_DISABLED: "1",
};

function run(title: string, args: string[]): boolean {
  console.log(`\n━━ ${title} ━━`);
  const { status } = spawnSync("pnpm", args, { cwd: root, stdio: "inherit", env });
  return status === 0;
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Every workspace folder that may hold a vitest report in <folder>/.test-results/. */
function workspaceFolders(): string[] {
  const nested = ["apps", "packages"].flatMap((group) =>
    readdirSync(path.join(root, group)).map((dir) => path.join(root, group, dir)),
  );
  return [...nested, path.join(root, "scripts")];
}

/** Vitest's JSON reporter writes one file per package (see the turbo arguments below). */
function vitestCounts(): Counts {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const dir of workspaceFolders()) {
    const file = path.join(dir, ".test-results", "vitest.json");
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    counts.passed += report.numPassedTests;
    counts.failed += report.numFailedTests;
    counts.skipped += report.numPendingTests + report.numTodoTests;
  }
  return counts;
}

function playwrightCounts(): Counts {
  const file = path.join(results, "e2e.json");
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const { stats } = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
}

function clearReports(): void {
  rmSync(results, { recursive: true, force: true });
  for (const dir of workspaceFolders())
    rmSync(path.join(dir, ".test-results"), { recursive: true, force: true });
}

clearReports();
// One database server for every layer: test runs of several packages run in parallel
// and would otherwise race to start the embedded server on the same data folder.
let database;
try {
  database = await startDatabase({ log: (line) => console.log(`database: ${line}`) });
} catch (error) {
  console.error(
    `test: ${error instanceof ConfigError ? "" : "database start-up failed: "}${(error as Error).message}`,
  );
  process.exit(1);
}
env.DATABASE_URL = database.url;

const unitOk = run("unit and integration tests", [
  "exec",
  "turbo",
  "run",
  "test",
  "--output-logs=full",
  "--",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=.test-results/vitest.json",
]);
const buildOk = run("build", ["exec", "turbo", "run", "build", "--output-logs=errors-only"]);
const e2eOk = buildOk && run("end-to-end tests", ["test:e2e"]);

await database.stop();

const unit = vitestCounts();
const e2e = playwrightCounts();
const line = (c: Counts) =>
  `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}`;
console.log(`\nunit and integration: ${line(unit)}`);
console.log(`end to end: ${buildOk ? line(e2e) : "not run (the build failed)"}`);
const total = {
  passed: unit.passed + e2e.passed,
  failed: unit.failed + e2e.failed,
  skipped: unit.skipped + e2e.skipped,
};
const ok = unitOk && buildOk && e2eOk && total.failed === 0;
if (!ok && total.failed === 0)
  console.log("a build or test runner failed before reporting a test; see its output above");
console.log(`tests: ${line(total)}`);
process.exit(ok ? 0 : 1);
