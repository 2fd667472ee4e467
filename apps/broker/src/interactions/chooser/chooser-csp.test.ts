import { describe, expect, it } from "vitest";
import { chooserCsp, createCspNonce, toCspOrigins } from "./chooser-csp.js";

const directive = (csp: string, name: string) =>
  csp.split("; ").find((entry) => entry.startsWith(`${name} `));

describe("chooserCsp", () => {
  const nonce = createCspNonce();

  it("allows inline style and script only with the nonce", () => {
    const csp = chooserCsp(nonce);
    expect(directive(csp, "style-src")).toBe(`style-src 'nonce-${nonce}'`);
    expect(directive(csp, "script-src")).toBe(`script-src 'nonce-${nonce}'`);
    expect(directive(csp, "default-src")).toBe("default-src 'none'");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "base-uri")).toBe("base-uri 'none'");
    expect(directive(csp, "img-src")).toBe("img-src 'self' https: http://localhost:*");
  });

  it("lets the form post to the broker and be redirected to the upstream IDPs", () => {
    const csp = chooserCsp(nonce, [
      "https://idp.tk.example/auth/realms/x",
      "http://localhost:3002/idp/aok",
      "https://idp.tk.example/other",
    ]);
    expect(directive(csp, "form-action")).toBe(
      "form-action 'self' https://idp.tk.example http://localhost:3002",
    );
  });

  it("keeps anything but http(s) origins out of the header", () => {
    expect(
      toCspOrigins(["javascript:alert(1)", "not a url", "https://a.example; script-src *"]),
    ).toEqual([]);
    expect(chooserCsp(nonce, ["data:text/html,x"])).toContain("form-action 'self'; ");
  });

  it("refuses a nonce that could inject directives", () => {
    expect(() => chooserCsp("abc'; script-src *")).toThrow();
    expect(() => chooserCsp("")).toThrow();
  });

  it("creates a fresh 128-bit nonce each time", () => {
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    expect(createCspNonce()).not.toBe(nonce);
  });
});
