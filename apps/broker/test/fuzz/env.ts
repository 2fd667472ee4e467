/**
 * The fuzz tests' configuration (docs/security.md "Fuzzing"), validated once; no other test
 * file reads the environment. `pnpm test` runs the small default size, `pnpm test:fuzz` the
 * nightly size. The seed is fixed by default, so a failure found once is found again.
 */
import { z } from "zod";
import { loadEnv } from "@lotse/server";

const whole = (what: string) =>
  z.coerce.number({ error: `must be ${what}` }).int({ error: `must be ${what}` });

export const fuzzEnv = loadEnv("fuzz", {
  /** Inputs per property (per endpoint). */
  LOTSE_FUZZ_RUNS: whole("a positive whole number")
    .positive({ error: "must be a positive whole number" })
    .default(100),
  /** fast-check's seed; a failure prints the seed to set here to replay it. */
  LOTSE_FUZZ_SEED: whole("a whole number").default(20_260_501),
  /** With the seed, replays one counterexample (fast-check prints `path` with the seed). */
  LOTSE_FUZZ_PATH: z.string().optional(),
});
