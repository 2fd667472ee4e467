/** `pnpm test:e2e [spec…]`: only the end-to-end tests (they start the built apps themselves). */
import type { Command } from "../lifecycle.js";
import { quietEnvironment } from "../processes.js";
import { chromiumProblem, runEndToEnd } from "../end-to-end.js";

const e2e: Command = async (lifecycle, args) => {
  const problem = await chromiumProblem();
  if (problem) {
    console.error(`lotse: ${problem}`);
    return 1;
  }
  return runEndToEnd(lifecycle, args, quietEnvironment());
};

export default e2e;
