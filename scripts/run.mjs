/**
 * Entry of `pnpm dev`, `pnpm test` and `pnpm test:e2e`: checks the tools first, so a too old
 * Node.js or pnpm is one clear line instead of a stack trace from deep inside, then runs the
 * command (scripts/src/main.ts) under tsx. Plain JavaScript on purpose: it has to run, and
 * say what is wrong, on the old Node versions it refuses.
 */
/* global process, console, URL -- Node's globals; this file is plain JavaScript for Node */
import { readFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));

/** "20.19.1" → [20, 19, 1]; anything missing counts as 0. */
function parts(version) {
  return String(version)
    .replace(/^[^0-9]*/, "")
    .split(".")
    .map((part) => parseInt(part, 10) || 0);
}

function atLeast(actual, minimum) {
  const a = parts(actual);
  const m = parts(minimum);
  for (let i = 0; i < 3; i += 1) {
    if ((a[i] || 0) !== (m[i] || 0)) return (a[i] || 0) > (m[i] || 0);
  }
  return true;
}

function refuse(line) {
  console.error(`lotse: ${line}`);
  process.exit(1);
}

// package.json says ">=20.19"; the check reads it there so the two never disagree.
const nodeMinimum = String(manifest.engines.node).replace(/^>=\s*/, "");
if (!atLeast(process.versions.node, nodeMinimum)) {
  refuse(
    `Node.js ${process.versions.node} is too old; Lotse needs Node.js ${nodeMinimum} or newer (https://nodejs.org)`,
  );
}

// pnpm and npm announce themselves to the scripts they run.
// eslint-disable-next-line no-restricted-properties -- the package manager's own variable, not configuration; this plain script runs before any workspace code (or its schemas) can load.
const agent = process.env.npm_config_user_agent ?? "";
const pnpmMinimum = String(manifest.packageManager)
  .replace(/^pnpm@/, "")
  .split(".")[0];
const pnpm = /^pnpm\/(\S+)/.exec(agent);
if (agent && !pnpm) {
  refuse(`run this with pnpm (npm install -g pnpm@${pnpmMinimum}), not ${agent.split(" ")[0]}`);
}
if (pnpm && !atLeast(pnpm[1], pnpmMinimum)) {
  refuse(
    `pnpm ${pnpm[1]} is too old; Lotse needs pnpm ${pnpmMinimum} (npm install -g pnpm@${pnpmMinimum})`,
  );
}

const { register } = await import("tsx/esm/api");
register();
const { main } = await import("./src/main.ts");
await main(process.argv[2], process.argv.slice(3));
