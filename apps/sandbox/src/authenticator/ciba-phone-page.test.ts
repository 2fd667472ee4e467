import { describe, expect, test } from "vitest";
import { TEST_PERSONS } from "../identities/test-persons.js";
import type { CibaInboxEntry } from "./ciba-inbox.js";
import {
  cibaPhoneCsp,
  cibaPhoneHtml,
  cibaPickerHtml,
  cibaRequestListHtml,
  formatTimeLeft,
} from "./ciba-phone-page.js";

const NOW = Date.UTC(2026, 0, 1, 12);
const ANNA = TEST_PERSONS[0]!;

const entry: CibaInboxEntry = {
  id: "req-1",
  kvnr: ANNA.kvnr,
  idp: "nord",
  organizationName: "Sandbox Krankenkasse Nord",
  authReqId: "secret-auth-req-id",
  requestingApplication: `<img src=x onerror="alert(1)">`,
  bindingMessage: `"><script>alert(2)</script>`,
  scopes: ["openid", "urn:telematik:display_name"],
  expiresAt: NOW + 125_000,
};

describe("the request list", () => {
  test("escapes everything the broker sent, in text and attributes", () => {
    const html = cibaRequestListHtml([entry], NOW);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain(
      'data-binding-message="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"',
    );
  });

  test("has the test ids, the scopes, the time left and the answer forms", () => {
    const html = cibaRequestListHtml([entry], NOW);
    for (const id of [
      "ciba-request",
      "ciba-application",
      "ciba-binding-message",
      "ciba-approve",
      "ciba-deny",
    ]) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    expect(html).toContain("openid, urn:telematik:display_name");
    expect(html).toContain('data-expires-in="125"');
    expect(html).toContain(">2:05</span");
    expect(html).toContain('action="/authenticator/ciba/req-1/approve"');
    expect(html).toContain('action="/authenticator/ciba/req-1/deny"');
    expect(html).not.toContain("secret-auth-req-id");
  });

  test("without a binding message there is no binding-message line", () => {
    const html = cibaRequestListHtml([{ ...entry, bindingMessage: undefined }], NOW);
    expect(html).not.toContain('data-testid="ciba-binding-message"');
    expect(html).toContain('data-binding-message=""');
  });

  test("an empty list says so", () => {
    expect(cibaRequestListHtml([], NOW)).toContain('data-testid="ciba-empty"');
  });
});

describe("pages", () => {
  test("the phone page binds style and script to the nonce and names the event stream", () => {
    const html = cibaPhoneHtml({ person: ANNA, entries: [], nonce: "n0nce", answered: "approved" });
    expect(html).toContain('<style nonce="n0nce">');
    expect(html).toContain('<script nonce="n0nce">');
    expect(html).toContain(`data-events="/authenticator/ciba/events?kvnr=${ANNA.kvnr}"`);
    expect(html).toContain('data-testid="ciba-answered"');
  });

  test("the picker links every test person", () => {
    const html = cibaPickerHtml({ persons: TEST_PERSONS, organizationNames: () => [], nonce: "n" });
    for (const person of TEST_PERSONS) {
      expect(html).toContain(`data-testid="ciba-person-${person.kvnr}"`);
    }
    expect(html).not.toContain("<script");
  });

  test("the CSP allows only nonce-bound style and script, its own event stream and forms", () => {
    expect(cibaPhoneCsp("abc")).toBe(
      "default-src 'none'; style-src 'nonce-abc'; script-src 'nonce-abc'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  test("time left as m:ss, never negative", () => {
    expect(formatTimeLeft(600)).toBe("10:00");
    expect(formatTimeLeft(59.9)).toBe("0:59");
    expect(formatTimeLeft(-3)).toBe("0:00");
  });
});
