import { describe, expect, it } from "vitest";
import { applicationSettingsSchema } from "./applications.js";
import { redirectUriProblem } from "./redirect-uri.js";
import { confidentialApp } from "../testing/fixtures.js";

describe("redirect URI rules (RFC 9700 §4.1.3, RFC 8252 §7)", () => {
  it.each([
    "https://app.example/callback",
    "https://app.example:8443/cb?tenant=a",
    "http://localhost:3001/api/auth/callback/lotse",
    "http://127.0.0.1:8080/cb",
    "de.example.app:/oauthredirect",
    "de.lotse.demo:/logout",
  ])("accepts %s", (uri) => {
    expect(redirectUriProblem(uri)).toBeNull();
  });

  it.each([
    ["http://app.example/cb", "http is only allowed for localhost"],
    ["https://app.example/cb#frag", "fragment"],
    ["https://*.example/cb", "Wildcards"],
    ["https://app.example/*", "Wildcards"],
    ["/relative/path", "absolute URI"],
    ["javascript:alert(1)", "javascript: is not allowed"],
    ["myapp:/cb", "reverse domain name"],
    [" https://app.example/cb", "without spaces"],
  ])("rejects %s", (uri, message) => {
    expect(redirectUriProblem(uri)).toContain(message);
  });

  it("reports each rejected URI on its own index", () => {
    const result = applicationSettingsSchema.safeParse({
      ...confidentialApp,
      redirectUris: ["https://ok.example/cb", "http://evil.example/cb", "https://ok.example/cb#x"],
      postLogoutRedirectUris: ["https://*.example/"],
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual([
      ["redirectUris.1", "http is only allowed for localhost and 127.0.0.1; use https."],
      ["redirectUris.2", "A redirect URI must not contain a fragment (#…)."],
      ["postLogoutRedirectUris.0", "Wildcards are not allowed; register every URI exactly."],
    ]);
  });

  it("requires the KVNR scope for PERSON subs", () => {
    const result = applicationSettingsSchema.safeParse({ ...confidentialApp, subMode: "PERSON" });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["subMode", "PERSON needs the urn:telematik:versicherter scope."],
    ]);
  });
});
