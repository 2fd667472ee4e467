/**
 * One fuzz property per endpoint: LOTSE_FUZZ_RUNS inputs (fuzz/env.ts) from a fixed seed.
 * On a failure fast-check shrinks the input and prints it with the seed and path that
 * replay it (LOTSE_FUZZ_SEED, LOTSE_FUZZ_PATH; docs/development.md "Fuzzing").
 */
import fc from "fast-check";
import { test } from "vitest";
import { fuzzEnv } from "../env.js";

export const FUZZ_RUNS = fuzzEnv.LOTSE_FUZZ_RUNS;

/** Generous: a request takes a few milliseconds, shrinking a failure many more. */
const TIMEOUT = 60_000 + FUZZ_RUNS * 250;

/**
 * `input` may be a function, for arbitraries built from values the suite's `beforeAll`
 * creates (real codes, tokens, pending logins).
 */
export function fuzz<T>(
  name: string,
  input: fc.Arbitrary<T> | (() => fc.Arbitrary<T>),
  check: (value: T) => Promise<void>,
): void {
  test(
    name,
    async () => {
      const arbitrary = typeof input === "function" ? input() : input;
      await fc.assert(fc.asyncProperty(arbitrary, check), {
        numRuns: FUZZ_RUNS,
        seed: fuzzEnv.LOTSE_FUZZ_SEED,
        ...(fuzzEnv.LOTSE_FUZZ_PATH ? { path: fuzzEnv.LOTSE_FUZZ_PATH } : {}),
      });
    },
    TIMEOUT,
  );
}
