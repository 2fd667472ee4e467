/**
 * `pnpm docs:config`: writes docs/configuration.md from the env schemas. With `--check`, exits 1
 * when the file is out of date or a variable has no description (the unit test checks the same).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  CONFIG_REFERENCE_PATH,
  REGENERATE_COMMAND,
  renderConfigReference,
  undescribed,
} from "./render.js";
import { configSources } from "./sources.js";

const target = path.resolve(import.meta.dirname, "..", "..", "..", CONFIG_REFERENCE_PATH);
const missing = undescribed(configSources);
if (missing.length > 0) {
  console.error(
    `docs:config: variables without a description (add .describe() in the schema):\n${missing.map((m) => `  - ${m}`).join("\n")}`,
  );
  process.exit(1);
}
const rendered = renderConfigReference(configSources);
if (process.argv.includes("--check")) {
  const current = readFileSync(target, "utf8");
  if (current !== rendered) {
    console.error(
      `docs:config: ${CONFIG_REFERENCE_PATH} is out of date; run ${REGENERATE_COMMAND}`,
    );
    process.exit(1);
  }
  console.log(`docs:config: ${CONFIG_REFERENCE_PATH} is up to date`);
} else {
  writeFileSync(target, rendered);
  console.log(`docs:config: wrote ${CONFIG_REFERENCE_PATH}`);
}
