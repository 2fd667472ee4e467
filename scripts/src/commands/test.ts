/**
 * `pnpm test`: unit and integration tests of every package (turbo → vitest), then the
 * apps' production build, then the process tests of the stack itself (start and stop of
 * `pnpm dev` and the e2e stack), then the end-to-end suite (Playwright), and one summary
 * line over all of them. Every layer runs even if an earlier one failed, so one run shows
 * everything that is broken. A stop at any moment stops the layer that runs and every
 * server this run started (lifecycle.ts).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { startDatabase } from "@lotse/db/server";
import { chromiumProblem, runEndToEnd } from "../end-to-end.js";
import type { Command } from "../lifecycle.js";
import { quietEnvironment, runToEnd } from "../processes.js";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const results = path.join(root, ".test-results");

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Every workspace folder that may hold vitest reports in <folder>/.test-results/. */
function workspaceFolders(): string[] {
  const nested = ["apps", "packages"].flatMap((group) =>
    readdirSync(path.join(root, group)).map((dir) => path.join(root, group, dir)),
  );
  return [...nested, path.join(root, "scripts")];
}

/** Vitest's JSON reporter writes one file per package and run (see the arguments below). */
function vitestCounts(file: string): Counts {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const dir of workspaceFolders()) {
    const report = path.join(dir, ".test-results", file);
    if (!existsSync(report)) continue;
    const parsed = JSON.parse(readFileSync(report, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    counts.passed += parsed.numPassedTests;
    counts.failed += parsed.numFailedTests;
    counts.skipped += parsed.numPendingTests + parsed.numTodoTests;
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

const vitestReport = (file: string) => [
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=.test-results/${file}`,
];

const test: Command = async (lifecycle) => {
  const { signal, onStop } = lifecycle;
  // Before anything runs for minutes: the browser layer could not run at all.
  const browser = await chromiumProblem();
  if (browser) {
    console.error(`lotse: ${browser}`);
    return 1;
  }
  clearReports();
  const env = quietEnvironment();
  const run = async (title: string, args: string[]) => {
    console.log(`\n━━ ${title} ━━`);
    return (await runToEnd("pnpm", args, { cwd: root, env, signal })) === 0;
  };

  // One database server for every layer: test runs of several packages run in parallel
  // and would otherwise race to start the embedded server on the same data folder.
  const database = await startDatabase({ log: (line) => console.log(`database: ${line}`) });
  onStop(() => database.stop());
  signal.throwIfAborted();
  env.DATABASE_URL = database.url;

  const unitOk = await run("unit and integration tests", [
    "exec",
    "turbo",
    "run",
    "test",
    "--output-logs=full",
    "--",
    ...vitestReport("vitest.json"),
  ]);
  const buildOk = await run("build", [
    "exec",
    "turbo",
    "run",
    "build",
    "--output-logs=errors-only",
  ]);
  const stackOk =
    buildOk &&
    (await run("stack start and stop", [
      "--filter",
      "@lotse/scripts",
      "run",
      "test:stack",
      ...vitestReport("stack.json"),
    ]));
  let e2eOk = false;
  if (buildOk) {
    console.log("\n━━ end-to-end tests ━━");
    e2eOk = (await runEndToEnd(lifecycle, [], env)) === 0;
  }

  const unit = vitestCounts("vitest.json");
  const stack = vitestCounts("stack.json");
  const e2e = playwrightCounts();
  const line = (c: Counts) =>
    `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}`;
  console.log(`\nunit and integration: ${line(unit)}`);
  console.log(`stack start and stop: ${buildOk ? line(stack) : "not run (the build failed)"}`);
  console.log(`end to end: ${buildOk ? line(e2e) : "not run (the build failed)"}`);
  const total = [unit, stack, e2e].reduce((sum, c) => ({
    passed: sum.passed + c.passed,
    failed: sum.failed + c.failed,
    skipped: sum.skipped + c.skipped,
  }));
  const ok = unitOk && buildOk && stackOk && e2eOk && total.failed === 0;
  if (!ok && total.failed === 0)
    console.log("a build or test runner failed before reporting a test; see its output above");
  console.log(`tests: ${line(total)}`);
  return ok ? 0 : 1;
};

export default test;
