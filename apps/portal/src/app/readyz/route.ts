import { getDb } from "~/server/db";

// Answers for this instant, never from a cache or a build-time render.
export const dynamic = "force-dynamic";

// A probe must answer; pg waits forever for an unreachable host by default.
const DATABASE_TIMEOUT_MS = 2000;

/**
 * GET /readyz (readiness): 200 when the portal's database answers a short query, 503
 * otherwise, so a load balancer sends no sign-ins to an instance that cannot serve them
 * (docs/operations.md). /healthz is the liveness probe. It reveals no internals; the reason
 * is logged here.
 */
export async function GET(): Promise<Response> {
  const headers = { "Cache-Control": "no-store" };
  try {
    await withTimeout(getDb().$queryRaw`select 1`, DATABASE_TIMEOUT_MS);
    return Response.json({ status: "ok", service: "portal", database: "ok" }, { headers });
  } catch (error) {
    console.error(`portal: readyz: database unreachable: ${oneLine(error)}`);
    return Response.json(
      { status: "error", service: "portal", database: "unreachable" },
      { status: 503, headers },
    );
  }
}

function withTimeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, " ").trim();
}
