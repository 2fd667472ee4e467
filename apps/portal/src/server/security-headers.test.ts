import { describe, expect, test } from "vitest";
import {
  contentSecurityPolicy,
  createNonce,
  servedOverHttps,
  STRICT_TRANSPORT_SECURITY,
} from "./security-headers";

const directives = (policy: string) =>
  Object.fromEntries(
    policy.split("; ").map((directive) => {
      const [name, ...values] = directive.split(" ");
      return [name, values];
    }),
  );

const production = {
  nonce: "bm9uY2U=",
  development: false,
  brokerOrigin: "https://broker.example",
  https: true,
};

describe("contentSecurityPolicy", () => {
  test("scripts only with the nonce, no eval, no plugins, no framing, no foreign forms", () => {
    expect(directives(contentSecurityPolicy(production))).toEqual({
      "default-src": ["'self'"],
      "script-src": ["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:", "https:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'none'"],
      "form-action": ["'self'", "https://broker.example"],
      "frame-ancestors": ["'none'"],
      "upgrade-insecure-requests": [],
    });
  });

  test("'unsafe-eval' only in development; plain http upgrades nothing", () => {
    const policy = directives(
      contentSecurityPolicy({
        ...production,
        development: true,
        https: false,
        brokerOrigin: "http://localhost:4000",
        imageOrigins: ["http://localhost:4100"],
      }),
    );
    expect(policy["img-src"]).toEqual([
      "'self'",
      "data:",
      "blob:",
      "https:",
      "http://localhost:4100",
    ]);
    expect(policy["script-src"]).toContain("'unsafe-eval'");
    expect(policy).not.toHaveProperty("upgrade-insecure-requests");
    expect(policy["form-action"]).toEqual(["'self'", "http://localhost:4000"]);
    expect(directives(contentSecurityPolicy(production))["script-src"]).not.toContain(
      "'unsafe-eval'",
    );
  });
});

describe("HSTS", () => {
  test("is a year with subdomains", () => {
    expect(STRICT_TRANSPORT_SECURITY).toBe("max-age=31536000; includeSubDomains");
  });

  test("only when the portal or the request is https", () => {
    expect(servedOverHttps("https://portal.example", "http://10.0.0.1:3000/dashboard")).toBe(true);
    expect(servedOverHttps("http://localhost:3000", "https://localhost:3000/")).toBe(true);
    expect(servedOverHttps("http://localhost:3000", "http://localhost:3000/", "https")).toBe(true);
    expect(servedOverHttps("http://localhost:3000", "http://localhost:3000/sign-in")).toBe(false);
    expect(servedOverHttps("http://localhost:3000", "http://localhost:3000/", "http")).toBe(false);
  });
});

test("nonces are fresh and 128 bits", () => {
  const nonces = new Set(Array.from({ length: 100 }, createNonce));
  expect(nonces.size).toBe(100);
  expect(atob([...nonces][0]!)).toHaveLength(16);
});
