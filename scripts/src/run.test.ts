/** The tool checks of scripts/run.mjs: one line and exit 1, before anything is built or started. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, test } from "vitest";

const launcher = path.resolve(import.meta.dirname, "..", "run.mjs");

function launch(userAgent: string, command = "dev") {
  const result = spawnSync(process.execPath, [launcher, command], {
    // eslint-disable-next-line no-restricted-properties -- the launcher under test inherits the whole environment (PATH, HOME).
    env: { ...process.env, npm_config_user_agent: userAgent },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

// Each case starts a Node process (the last one loads the commands too): seconds on a busy
// 2-core machine, so more than vitest's default 5 s.
describe("scripts/run.mjs", { timeout: 40_000 }, () => {
  test("refuses a pnpm older than packageManager's major", () => {
    const result = launch("pnpm/9.15.0 npm/? node/v20.20.2 linux x64");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "lotse: pnpm 9.15.0 is too old; Lotse needs pnpm 10 (npm install -g pnpm@10)",
    );
    expect(result.stdout).toBe("");
  });

  test("asks for pnpm when npm runs it", () => {
    const result = launch("npm/10.9.0 node/v20.20.2 linux x64");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "lotse: run this with pnpm (npm install -g pnpm@10), not npm/10.9.0",
    );
  });

  test("names the commands it knows", () => {
    const result = launch("pnpm/10.34.9 npm/? node/v20.20.2 linux x64", "deploy");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^lotse: unknown command "deploy" \(one of dev, test, e2e, .*bench\)$/,
    );
  });
});
