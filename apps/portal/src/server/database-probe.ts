/**
 * The portal's health probes (/healthz and /readyz, docs/operations.md): 200 when its
 * database answers a short query within 2 s, 503 otherwise. They reveal no internals; the
 * reason is logged under the probe's name.
 */
import { getDb } from "~/server/db";

// A probe must answer; pg waits forever for an unreachable host by default.
const DATABASE_TIMEOUT_MS = 2000;

export async function databaseProbe(probe: "healthz" | "readyz"): Promise<Response> {
  const headers = { "Cache-Control": "no-store" };
  try {
    await withTimeout(getDb().$queryRaw`select 1`, DATABASE_TIMEOUT_MS);
    return Response.json({ status: "ok", service: "portal", database: "ok" }, { headers });
  } catch (error) {
    console.error(`portal: ${probe}: database unreachable: ${oneLine(error)}`);
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
