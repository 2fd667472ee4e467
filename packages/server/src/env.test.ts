import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { checkEnvRules, envProblems, envVars, formatEnvProblems, nextEnvOptions } from "./env.js";

const shape = {
  DATABASE_URL: envVars.databaseUrl(),
  BROKER_PORT: envVars.port(4000),
  BROKER_ISSUER: envVars.url("http://localhost:4000"),
  LOG_LEVEL: envVars.logLevel(),
};

function problems(env: Record<string, string>) {
  const result = z.object(shape).safeParse(env);
  return result.success ? [] : envProblems(result.error.issues);
}

describe("environment validation", () => {
  it("accepts a complete environment and applies defaults", () => {
    const env = z.object(shape).parse({ DATABASE_URL: "postgresql://u:p@localhost:5432/db" });
    expect(env).toEqual({
      DATABASE_URL: "postgresql://u:p@localhost:5432/db",
      BROKER_PORT: 4000,
      BROKER_ISSUER: "http://localhost:4000",
      LOG_LEVEL: "info",
    });
  });

  it("names each bad variable once, with a readable reason", () => {
    const found = problems({
      DATABASE_URL: "mysql://localhost/db",
      BROKER_PORT: "70000",
      BROKER_ISSUER: "ftp://example.org",
      LOG_LEVEL: "loud",
    });
    expect(found.map((p) => p.name)).toEqual([
      "DATABASE_URL",
      "BROKER_PORT",
      "BROKER_ISSUER",
      "LOG_LEVEL",
    ]);
    expect(formatEnvProblems("broker", found)).toBe(
      "broker: invalid environment: DATABASE_URL must be a postgresql://user:password@host:port/database URL; " +
        "BROKER_PORT must be a port number (1-65535); BROKER_ISSUER must be an absolute http(s) URL; " +
        "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    );
  });

  it("strips a trailing slash from URLs so paths can be appended", () => {
    const env = z
      .object(shape)
      .parse({ DATABASE_URL: "postgresql://u:p@h/db", BROKER_ISSUER: "https://id.example.org/" });
    expect(env.BROKER_ISSUER).toBe("https://id.example.org");
  });

  it("never echoes the value of a variable", () => {
    const line = formatEnvProblems(
      "broker",
      problems({ DATABASE_URL: "postgresql://user:s3cret@" }),
    );
    expect(line).not.toContain("s3cret");
    expect(line).toContain("DATABASE_URL");
  });

  it("reports a missing required variable", () => {
    expect(problems({})).toEqual([
      { name: "DATABASE_URL", problem: "must be set (pnpm dev sets it for you)" },
    ]);
  });
});

describe("Next.js apps' env options", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("skips validation while `next build` collects page data, and only then", () => {
    vi.stubEnv("SKIP_ENV_VALIDATION", "");
    vi.stubEnv("NEXT_PHASE", "phase-production-build");
    expect(nextEnvOptions("portal").skipValidation).toBe(true);
    vi.stubEnv("NEXT_PHASE", "phase-production-server");
    expect(nextEnvOptions("portal").skipValidation).toBe(false);
  });

  it("stops on a broken cross-variable rule with the one-line message, unless skipped", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const rules = () => [{ message: "must be set in production", path: ["AUTH_SECRET"] }];
    checkEnvRules("portal", true, rules);
    expect(exit).not.toHaveBeenCalled();
    expect(() => checkEnvRules("portal", false, rules)).toThrow(
      "portal: invalid environment: AUTH_SECRET must be set in production",
    );
    expect(exit).toHaveBeenCalledWith(1);
    expect(error).toHaveBeenCalledOnce();
  });
});
