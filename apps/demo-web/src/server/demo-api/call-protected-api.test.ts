import { describe, expect, test, vi } from "vitest";
import { callProtectedApi } from "./call-protected-api";

const API_URL = "http://localhost:3001/api/protected";

describe("callProtectedApi", () => {
  test("sends the token as Bearer and keeps the JSON answer", async () => {
    const fetchFn = vi.fn(async () => Response.json({ message: "hi" }));
    expect(await callProtectedApi(API_URL, "tok.en.sig", fetchFn)).toEqual({
      kind: "answer",
      status: 200,
      body: { message: "hi" },
    });
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(API_URL);
    expect(new Headers(init.headers).get("authorization")).toBe("Bearer tok.en.sig");
  });

  test("keeps a refusal's status and challenge", async () => {
    const fetchFn = vi.fn(async () =>
      Response.json(
        { error: "insufficient_scope" },
        { status: 403, headers: { "WWW-Authenticate": 'Bearer error="insufficient_scope"' } },
      ),
    );
    expect(await callProtectedApi(API_URL, "t", fetchFn)).toEqual({
      kind: "answer",
      status: 403,
      body: { error: "insufficient_scope" },
      challenge: 'Bearer error="insufficient_scope"',
    });
  });

  test("a body that is not JSON is kept as (shortened) text", async () => {
    const fetchFn = vi.fn(async () => new Response("x".repeat(5000), { status: 502 }));
    const outcome = await callProtectedApi(API_URL, "t", fetchFn);
    expect(outcome).toMatchObject({ kind: "answer", status: 502 });
    expect(outcome.kind === "answer" && (outcome.body as string).length).toBe(1000);
  });

  test("no answer: a failure naming the API_URL, never the token", async () => {
    const fetchFn = vi.fn(() => Promise.reject(new TypeError("fetch failed")));
    const outcome = await callProtectedApi(API_URL, "secret-token", fetchFn);
    expect(outcome).toEqual({
      kind: "failure",
      stage: "api",
      error: `GET ${API_URL} failed: fetch failed`,
    });
  });
});
