import { afterEach, describe, expect, it, vi } from "vitest";
import { envProblems, exitOnInvalidEnv, formatEnvProblems, type EnvIssue } from "@lotse/server/env";
import { envSchema } from "./env-schema";

const formatEnvIssues = (service: string, issues: readonly EnvIssue[]) =>
  formatEnvProblems(service, envProblems(issues));

const GOOD_URL = "postgresql://lotse:s3cret@127.0.0.1:54329/lotse";

function issuesOf(input: Record<string, string>) {
  const result = envSchema.safeParse(input);
  if (result.success) throw new Error("expected the environment to be rejected");
  return result.error.issues;
}

describe("portal environment", () => {
  it("accepts a postgresql:// DATABASE_URL and fills in the defaults", () => {
    expect(envSchema.parse({ DATABASE_URL: GOOD_URL })).toEqual({
      LOTSE_MODE: "production",
      DATABASE_URL: GOOD_URL,
      BROKER_URL: "http://localhost:4000",
      SANDBOX_URL: "http://localhost:4100",
      PORTAL_URL: "http://localhost:3000",
      LOG_LEVEL: "info",
      NODE_ENV: "development",
    });
  });

  it.each(["nope", "mysql://lotse@localhost/lotse", "postgresql:///lotse"])(
    "rejects DATABASE_URL %j",
    (value) => {
      expect(formatEnvIssues("portal", issuesOf({ DATABASE_URL: value }))).toBe(
        "portal: invalid environment: DATABASE_URL must be a postgresql://user:password@host:port/database URL",
      );
    },
  );

  it("requires DATABASE_URL", () => {
    expect(formatEnvIssues("portal", issuesOf({}))).toBe(
      "portal: invalid environment: DATABASE_URL must be set (pnpm dev sets it for you)",
    );
  });

  it("names every bad variable in one line and never echoes a value", () => {
    const line = formatEnvIssues(
      "portal",
      issuesOf({ DATABASE_URL: "s3cret-value", BROKER_URL: "ftp://broker", LOG_LEVEL: "loud" }),
    );
    expect(line).toBe(
      "portal: invalid environment: DATABASE_URL must be a postgresql://user:password@host:port/database URL; " +
        "BROKER_URL must be an absolute http(s) URL; " +
        "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    );
    expect(line).not.toContain("s3cret");
    expect(line).not.toContain("\n");
  });

  it("requires AUTH_SECRET in production only", () => {
    expect(
      formatEnvIssues("portal", issuesOf({ DATABASE_URL: GOOD_URL, NODE_ENV: "production" })),
    ).toBe("portal: invalid environment: AUTH_SECRET must be set in production");
    expect(
      envSchema.parse({
        DATABASE_URL: GOOD_URL,
        NODE_ENV: "production",
        AUTH_SECRET: "x".repeat(32),
      }).AUTH_SECRET,
    ).toHaveLength(32);
    expect(
      formatEnvIssues("portal", issuesOf({ DATABASE_URL: GOOD_URL, AUTH_SECRET: "short" })),
    ).toBe("portal: invalid environment: AUTH_SECRET must be at least 32 characters");
  });

  it("drops a trailing slash so paths can be appended to the broker URL", () => {
    const env = envSchema.parse({ DATABASE_URL: GOOD_URL, BROKER_URL: "https://id.example/" });
    expect(env.BROKER_URL).toBe("https://id.example");
  });
});

describe("exitOnInvalidEnv", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints the line and exits with status 1", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    expect(() => exitOnInvalidEnv("portal", [{ message: "is bad", path: ["LOG_LEVEL"] }])).toThrow(
      "portal: invalid environment: LOG_LEVEL is bad",
    );
    expect(error).toHaveBeenCalledWith("portal: invalid environment: LOG_LEVEL is bad");
    expect(exit).toHaveBeenCalledWith(1);
  });
});
