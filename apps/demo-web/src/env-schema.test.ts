import { afterEach, describe, expect, it, vi } from "vitest";
import { envProblems, exitOnInvalidEnv, formatEnvProblems, type EnvIssue } from "@lotse/server/env";
import { developmentDefaults, envSchema, resolveSecrets } from "./env-schema";

const formatEnvIssues = (service: string, issues: readonly EnvIssue[]) =>
  formatEnvProblems(service, envProblems(issues));

function issuesOf(input: Record<string, string>) {
  const result = envSchema.safeParse(input);
  if (result.success) throw new Error("expected the environment to be rejected");
  return result.error.issues;
}

describe("demo-web environment", () => {
  it("needs nothing and defaults to the local broker", () => {
    expect(envSchema.parse({})).toEqual({
      BROKER_URL: "http://localhost:4000",
      DEMO_WEB_URL: "http://localhost:3001",
      DEMO_WEB_CLIENT_ID: "demo-web",
      DEMO_HELPDESK_PING_CLIENT_ID: "demo-helpdesk-ping",
      DEMO_SMART_CLIENT_ID: "demo-smart",
      DEMO_SMART_FHIR_BASE_URL: "http://localhost:4100/fhir/r4",
      DEMO_API_AUDIENCE: "http://localhost:3001/api/protected",
      DEMO_API_SCOPE: "demo_api.read",
      LOG_LEVEL: "info",
      NODE_ENV: "development",
    });
  });

  it("uses the seeded development secret and a development session key outside production", () => {
    expect(resolveSecrets(envSchema.parse({}))).toEqual({
      clientSecret: "demo-web-secret",
      helpdeskPingClientSecret: "demo-helpdesk-ping-secret",
      authSecret: developmentDefaults.AUTH_SECRET,
    });
  });

  it("prefers configured secrets", () => {
    const env = envSchema.parse({
      DEMO_WEB_CLIENT_SECRET: "s3cret",
      DEMO_HELPDESK_PING_CLIENT_SECRET: "p1ng",
      AUTH_SECRET: "x".repeat(32),
    });
    expect(resolveSecrets(env)).toEqual({
      clientSecret: "s3cret",
      helpdeskPingClientSecret: "p1ng",
      authSecret: "x".repeat(32),
    });
  });

  it("requires both client secrets and AUTH_SECRET in production, naming all in one line", () => {
    expect(formatEnvIssues("demo-web", issuesOf({ NODE_ENV: "production" }))).toBe(
      "demo-web: invalid environment: DEMO_WEB_CLIENT_SECRET must be set in production; " +
        "DEMO_HELPDESK_PING_CLIENT_SECRET must be set in production; " +
        "AUTH_SECRET must be set in production",
    );
    expect(() => resolveSecrets({ NODE_ENV: "production" })).toThrow(
      "DEMO_WEB_CLIENT_SECRET must be set in production",
    );
  });

  it("names the help desk's ping secret when only it is missing in production", () => {
    const issues = issuesOf({
      NODE_ENV: "production",
      DEMO_WEB_CLIENT_SECRET: "s3cret",
      AUTH_SECRET: "x".repeat(32),
    });
    expect(formatEnvIssues("demo-web", issues)).toBe(
      "demo-web: invalid environment: DEMO_HELPDESK_PING_CLIENT_SECRET must be set in production",
    );
  });

  it("accepts production with all secrets", () => {
    const env = envSchema.parse({
      NODE_ENV: "production",
      DEMO_WEB_CLIENT_SECRET: "s3cret",
      DEMO_HELPDESK_PING_CLIENT_SECRET: "p1ng",
      AUTH_SECRET: "x".repeat(32),
    });
    expect(resolveSecrets(env).clientSecret).toBe("s3cret");
  });

  it("rejects a short AUTH_SECRET without echoing it", () => {
    const line = formatEnvIssues("demo-web", issuesOf({ AUTH_SECRET: "tooshort" }));
    expect(line).toBe("demo-web: invalid environment: AUTH_SECRET must be at least 32 characters");
    expect(line).not.toContain("tooshort");
  });

  it("has no DATABASE_URL: the demo app reaches Lotse only through the broker", () => {
    const env = envSchema.parse({ DATABASE_URL: "postgresql://lotse:lotse@127.0.0.1:54329/lotse" });
    expect(env).not.toHaveProperty("DATABASE_URL");
  });

  it("drops a trailing slash so paths can be appended to the broker URL", () => {
    expect(envSchema.parse({ BROKER_URL: "https://id.example/" }).BROKER_URL).toBe(
      "https://id.example",
    );
  });

  it.each(["localhost:4000", "ftp://broker.example", "not a url"])(
    "rejects BROKER_URL %j",
    (value) => {
      expect(formatEnvIssues("demo-web", issuesOf({ BROKER_URL: value }))).toBe(
        "demo-web: invalid environment: BROKER_URL must be an absolute http(s) URL",
      );
    },
  );

  it("keeps the demo API's identifier exactly, trailing slash and all (RFC 8707 audience)", () => {
    const env = envSchema.parse({
      DEMO_API_AUDIENCE: "https://api.example.de/",
      DEMO_API_SCOPE: "demo_api.read demo_api.write",
    });
    expect(env.DEMO_API_AUDIENCE).toBe("https://api.example.de/");
    expect(env.DEMO_API_SCOPE).toBe("demo_api.read demo_api.write");
    expect(envSchema.parse({ DEMO_API_AUDIENCE: "urn:lotse:demo-api" }).DEMO_API_AUDIENCE).toBe(
      "urn:lotse:demo-api",
    );
  });

  it.each(["/api/protected", "http://localhost:3001/api#x", "not a uri", " http://a.example"])(
    "rejects DEMO_API_AUDIENCE %j",
    (value) => {
      expect(formatEnvIssues("demo-web", issuesOf({ DEMO_API_AUDIENCE: value }))).toBe(
        "demo-web: invalid environment: DEMO_API_AUDIENCE must be an absolute URI without a fragment",
      );
    },
  );

  it.each(["demo_api.read  demo_api.write", " demo_api.read", 'a"b', "a\\b"])(
    "rejects DEMO_API_SCOPE %j",
    (value) => {
      expect(formatEnvIssues("demo-web", issuesOf({ DEMO_API_SCOPE: value }))).toBe(
        "demo-web: invalid environment: DEMO_API_SCOPE must be space-separated scopes",
      );
    },
  );

  it("names every bad variable in one line", () => {
    expect(formatEnvIssues("demo-web", issuesOf({ LOG_LEVEL: "loud", NODE_ENV: "staging" }))).toBe(
      "demo-web: invalid environment: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; " +
        "NODE_ENV must be one of development, test, production",
    );
  });
});

describe("exitOnInvalidEnv", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints the line and exits with status 1", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    expect(() =>
      exitOnInvalidEnv("demo-web", [{ message: "is bad", path: ["BROKER_URL"] }]),
    ).toThrow("demo-web: invalid environment: BROKER_URL is bad");
    expect(error).toHaveBeenCalledWith("demo-web: invalid environment: BROKER_URL is bad");
    expect(exit).toHaveBeenCalledWith(1);
  });
});
