/**
 * What every answer to fuzzed input must be (docs/security.md "Fuzzing"): never a 5xx,
 * never a stack trace, and an error in the documented shape: `{error, error_description?}`
 * as JSON (RFC 6749 §5.2), or the error page where a person's browser lands.
 */
import { expect } from "vitest";
import { MAX_REQUEST_HEAD, requestHeadSize, type Answer, type FuzzRequest } from "./http.js";

/** Traces of an unhandled error, anywhere in the body (raw, or escaped inside JSON). */
const STACK_TRACE: Array<[RegExp, string]> = [
  [/(?:^|\n|\\n)\s*at [^\n]*?(?:\(|\s)(?:file:\/\/|node:|\/)[^\n]*?:\d+:\d+/, "a stack frame"],
  [/node_modules/, "a node_modules path"],
  [
    /\b\w*(?:Error|Exception): [^\n]*?(?:\/[\w.@-]+){2,}\.[cm]?[jt]s\b/,
    "an error with a file path",
  ],
];

const ERROR_KEYS = new Set(["error", "error_description"]);

export interface AnswerRules {
  /** A person's browser lands here: an HTML error page is a documented answer too. */
  page?: boolean;
}

function describeExchange(request: FuzzRequest, answer: Answer): string {
  const body = request.body === undefined ? "" : ` body ${String(request.body).slice(0, 200)}`;
  return `${request.method} ${request.target.slice(0, 300)}${body} → ${answer.status} ${answer.type} ${answer.text.slice(0, 300)}`;
}

/** The OAuth error shape, and nothing else in it. */
export function expectErrorShape(body: unknown, context: string): void {
  expect(typeof body === "object" && body !== null && !Array.isArray(body), context).toBe(true);
  const fields = body as Record<string, unknown>;
  expect(
    Object.keys(fields).filter((key) => !ERROR_KEYS.has(key)),
    context,
  ).toEqual([]);
  expect(typeof fields.error === "string" && fields.error !== "", context).toBe(true);
  if ("error_description" in fields)
    expect(typeof fields.error_description, context).toBe("string");
}

/** Node refuses a request head over its limit itself (431, no body): the broker never saw it. */
export function refusedByNode(request: FuzzRequest, answer: Answer): boolean {
  return answer.status === 431 && requestHeadSize(request) > MAX_REQUEST_HEAD - 1024;
}

export function expectSafeAnswer(
  request: FuzzRequest,
  answer: Answer,
  rules: AnswerRules = {},
): void {
  const context = describeExchange(request, answer);
  expect(answer.status, context).toBeLessThan(500);
  for (const [pattern, what] of STACK_TRACE)
    expect(pattern.test(answer.text), `${what} in ${context}`).toBe(false);
  if (answer.status < 400 || request.method === "HEAD" || refusedByNode(request, answer)) return;
  if (answer.type === "application/json") {
    let body: unknown;
    expect(() => (body = JSON.parse(answer.text)), context).not.toThrow();
    expectErrorShape(body, context);
    return;
  }
  expect(rules.page === true && answer.type === "text/html", `not JSON: ${context}`).toBe(true);
}
