/**
 * Audit text is stored as PostgreSQL stores it (docs/security.md "Malformed text"): a chain
 * whose events carry NUL characters and lone surrogates still verifies.
 */
import { describe, expect, test } from "vitest";
import { isWellFormedText } from "@lotse/domain";
import { auditEventFields, type AuditEventDraft } from "./append.js";
import { chainedFieldsOf, chainHash, GENESIS_HASH, type ChainedFields } from "./hash-chain.js";

const TEXT_FIELDS = [
  "type",
  "errorCode",
  "errorDescription",
  "applicationId",
  "clientId",
  "upstreamIdp",
  "subject",
  "grantId",
  "flowId",
  "clientIp",
  "userAgent",
] as const;

/**
 * The row PostgreSQL gives back: a text column refuses NUL and stores a lone surrogate as
 * U+FFFD (the driver encodes UTF-8); jsonb refuses both (`\u0000`, an unpaired `\udXXX`).
 */
function asStored(fields: ChainedFields): ChainedFields {
  const utf8 = (value: string | null) => {
    if (value === null) return null;
    if (value.includes("\u0000")) throw new Error("invalid byte sequence for encoding UTF8: 0x00");
    return new TextDecoder().decode(new TextEncoder().encode(value));
  };
  const json = JSON.stringify(fields.details);
  // JSON.stringify escapes exactly the lone surrogates; pairs stay as they are.
  if (/\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(json))
    throw new Error("unsupported Unicode escape sequence");
  const row = { ...fields, details: JSON.parse(json) as unknown };
  for (const name of TEXT_FIELDS) row[name] = utf8(fields[name]) as string;
  return row;
}

/** Appends in memory as appendAuditEvent does, then verifies as verifyAuditChain does. */
function chainVerifies(drafts: AuditEventDraft[]): boolean {
  let prevHash = GENESIS_HASH;
  const rows = drafts.map((draft, index) => {
    const fields = auditEventFields(draft, new Date(Date.UTC(2026, 0, 1, 0, 0, index)));
    const hash = chainHash(prevHash, fields);
    const row = { ...asStored(fields), prevHash, hash };
    prevHash = hash;
    return row;
  });
  let expected = GENESIS_HASH;
  for (const row of rows) {
    if (row.prevHash !== expected || row.hash !== chainHash(expected, chainedFieldsOf(row)))
      return false;
    expected = row.hash;
  }
  return true;
}

const malformed: AuditEventDraft[] = [
  { type: "authorize.request", outcome: "SUCCESS", clientId: "demo-web", flowId: "flow-1" },
  {
    type: "exchange.mobile",
    outcome: "FAILURE",
    errorCode: "invalid_grant",
    errorDescription: "state \ud800 unknown\u0000",
    clientId: "demo\u0000mobile",
    subject: "x\udc00",
    flowId: "\ud83d",
    userAgent: "agent\u0000",
    details: { "key\u0000": ["\udfff", { nested: "a\u0000b" }], ok: "Grüße 😀", count: 3 },
  },
  {
    type: "request.rejected",
    outcome: "FAILURE",
    // The cut at 1000 falls between the two halves of the emoji.
    errorDescription: `${"x".repeat(999)}😀`,
    userAgent: `${"y".repeat(499)}😀`,
  },
];

describe("audit text as stored", () => {
  test("NUL and lone surrogates become U+FFFD; well-formed text is kept", () => {
    const fields = auditEventFields(malformed[1]!, new Date());
    for (const name of TEXT_FIELDS) {
      const value = fields[name];
      if (value !== null) expect(isWellFormedText(value), name).toBe(true);
    }
    expect(fields.clientId).toBe("demo\uFFFDmobile");
    expect(fields.errorDescription).toBe("state \uFFFD unknown\uFFFD");
    expect(fields.details).toEqual({
      "key\uFFFD": ["\uFFFD", { nested: "a\uFFFDb" }],
      ok: "Grüße 😀",
      count: 3,
    });
    const cut = auditEventFields(malformed[2]!, new Date());
    expect(cut.errorDescription).toBe(`${"x".repeat(999)}\uFFFD`);
    expect(cut.userAgent).toBe(`${"y".repeat(499)}\uFFFD`);
  });

  test("a chain with such events still verifies", () => {
    expect(chainVerifies(malformed)).toBe(true);
  });

  test("well-formed events are mapped as before", () => {
    const draft: AuditEventDraft = {
      type: "token.issued",
      outcome: "SUCCESS",
      clientId: "demo-web",
      subject: "sub-1",
      userAgent: "Mozilla/5.0 (Grüße 😀)",
      details: { scope: "openid", list: ["a", 1, null, true] },
    };
    const time = new Date();
    expect(auditEventFields(draft, time)).toEqual({
      time,
      type: "token.issued",
      outcome: "SUCCESS",
      errorCode: null,
      errorDescription: null,
      applicationId: null,
      clientId: "demo-web",
      upstreamIdp: null,
      subject: "sub-1",
      grantId: null,
      flowId: null,
      clientIp: null,
      userAgent: "Mozilla/5.0 (Grüße 😀)",
      details: { scope: "openid", list: ["a", 1, null, true] },
    });
  });
});
