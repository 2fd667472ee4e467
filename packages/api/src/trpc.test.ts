/** The wire format forms rely on: field errors keyed by path, no stack traces. */
import { describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { PrismaClient } from "@lotse/db";
import { appRouter } from "./root.js";

interface WireError {
  error: { json: { data: { code: string; fieldErrors: unknown } } };
}

async function call(path: string, input: unknown) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: new Request(`http://portal.test/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: input }),
    }),
    // Input validation fails before any service runs, so no database is needed.
    createContext: () => ({ prisma: {} as PrismaClient, session: null }),
  });
  return { status: response.status, body: (await response.json()) as WireError };
}

describe("tRPC error format", () => {
  it("returns field errors keyed by the input path, for the form to show next to the field", async () => {
    const { status, body } = await call("account.signUp", {
      name: "",
      email: "not-an-email",
      password: "short",
    });
    expect(status).toBe(400);
    expect(body.error.json.data.fieldErrors).toEqual({
      name: ["Enter your name."],
      email: ["Enter a valid email address."],
      password: ["Use at least 12 characters."],
    });
    expect(body.error.json.data).not.toHaveProperty("stack");
  });

  it("refuses protected procedures without a session", async () => {
    const { status, body } = await call("organization.create", { name: "x", slug: "xyz" });
    expect(status).toBe(401);
    expect(body.error.json.data.code).toBe("UNAUTHORIZED");
  });
});
