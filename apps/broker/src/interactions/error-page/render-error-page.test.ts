import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ERROR_PAGE_CSP } from "./error-page-csp.js";
import { EXPLAINED_ERRORS, errorPageMessages, explainError } from "./messages.js";
import { renderErrorPage } from "./render-error-page.js";

/** The page with runs of whitespace collapsed, for text assertions. */
const text = (page: string) => page.replace(/\s+/g, " ").replace(/> </g, "><");

describe("renderErrorPage", () => {
  it("explains the error in the person's language and shows the code for support", () => {
    const de = text(renderErrorPage({ locale: "de", error: "invalid_redirect_uri" }));
    expect(de).toContain('<html lang="de">');
    expect(de).toContain('data-testid="error-page" data-error-code="invalid_redirect_uri"');
    expect(de).toContain("Rückkehr zur App nicht möglich");
    expect(de).toContain('Fehlercode: <code data-testid="error-code">invalid_redirect_uri</code>');

    const en = text(renderErrorPage({ locale: "en", error: "temporarily_unavailable" }));
    expect(en).toContain('<html lang="en">');
    expect(en).toContain("Signing in is not possible right now");
    expect(en).toContain("Error code:");
  });

  it("has a plain-language explanation for every common code, in both languages", () => {
    for (const locale of ["de", "en"] as const) {
      const { errors, fallback } = errorPageMessages[locale];
      expect(Object.keys(errors).sort()).toEqual([...EXPLAINED_ERRORS].sort());
      for (const code of EXPLAINED_ERRORS) {
        expect(errors[code].title, code).not.toBe("");
        expect(errors[code].explanation, code).not.toBe("");
        expect(errors[code]).not.toEqual(fallback);
      }
    }
  });

  it("falls back to a generic explanation for unknown codes, including prototype keys", () => {
    for (const code of ["something_new", "constructor", "__proto__", "toString"]) {
      expect(explainError("de", code)).toBe(errorPageMessages.de.fallback);
    }
    expect(renderErrorPage({ locale: "en", error: "constructor" })).toContain(
      "Signing in could not be completed",
    );
  });

  it("lets the caller override the title", () => {
    const page = renderErrorPage({
      locale: "de",
      error: "invalid_request",
      title: "Sitzung abgelaufen",
    });
    expect(page).toContain("<h1>Sitzung abgelaufen</h1>");
    expect(page).toContain("<title>Sitzung abgelaufen</title>");
  });

  it("shows only the first line of a description, so a stack trace never reaches the person", () => {
    const error = new Error("upstream IDP did not answer");
    const page = renderErrorPage({
      locale: "en",
      error: "server_error",
      description: error.stack ?? "",
    });
    expect(page).toContain("Error: upstream IDP did not answer");
    expect(page).not.toMatch(/\bat .*\.(ts|js):\d+/);
    const long = renderErrorPage({
      locale: "en",
      error: "server_error",
      description: "x".repeat(1000),
    });
    expect(long).not.toContain("x".repeat(301));
  });

  it("links back to the app only for safe URLs", () => {
    const link = (backToAppUrl: string) =>
      /data-testid="error-back-to-app"/.test(
        renderErrorPage({ locale: "de", error: "access_denied", backToAppUrl }),
      );
    expect(link("https://app.example/callback?error=access_denied")).toBe(true);
    expect(link("de.lotse.demo:/oauthredirect")).toBe(true);
    expect(link("javascript:alert(1)")).toBe(false);
    expect(link("JaVaScRiPt:alert(1)")).toBe(false);
    expect(link("data:text/html,<script>alert(1)</script>")).toBe(false);
    expect(link("not a url")).toBe(false);
    expect(text(renderErrorPage({ locale: "de", error: "access_denied" }))).toContain(
      "Sie können dieses Fenster jetzt schließen.",
    );
  });

  it("escapes everything it shows", () => {
    const page = renderErrorPage({
      locale: "de",
      error: '"><script>alert(1)</script>',
      title: "<b>t</b>",
      description: "<img src=x onerror=alert(1)>",
      backToAppUrl: 'https://app.example/"><script>alert(2)</script>',
    });
    expect(page).not.toMatch(/<script\b/);
    expect(page).not.toMatch(/<img\b/);
    expect(page).not.toContain("<b>");
    expect(page).toContain('data-error-code="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("has no script, and its inline CSS matches the hash in its CSP", () => {
    const page = renderErrorPage({ locale: "de", error: "server_error" });
    expect(page).not.toMatch(/<script\b/);
    const css = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? "";
    const hash = createHash("sha256").update(css, "utf8").digest("base64");
    expect(ERROR_PAGE_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(ERROR_PAGE_CSP).toContain("default-src 'none'");
    expect(ERROR_PAGE_CSP).toContain("frame-ancestors 'none'");
    expect(ERROR_PAGE_CSP).toContain("form-action 'none'");
  });

  it("carries a nonce on its style when the response's CSP uses one", () => {
    const page = renderErrorPage({ locale: "de", error: "server_error", cspNonce: 'abc"def' });
    expect(page).toContain('<style nonce="abc&quot;def">');
  });
});
