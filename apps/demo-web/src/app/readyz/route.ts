import { env } from "~/env";

// Answers for this instant, never from a cache or a build-time render.
export const dynamic = "force-dynamic";

const BROKER_TIMEOUT_MS = 2000;

/**
 * GET /readyz (readiness): 200 when the broker, without which no login works, reports itself
 * ready (its /readyz), 503 otherwise (docs/operations.md). demo-web has no database of its
 * own. /healthz is the liveness probe. It reveals no internals; the reason is logged here.
 */
export async function GET(): Promise<Response> {
  const broker = (await brokerReady()) ? "ok" : "unreachable";
  const ok = broker === "ok";
  return Response.json(
    { status: ok ? "ok" : "error", service: "demo-web", broker },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}

async function brokerReady(): Promise<boolean> {
  const url = `${env.BROKER_URL}/readyz`;
  try {
    const response = await fetch(url, {
      cache: "no-store",
      redirect: "manual",
      signal: AbortSignal.timeout(BROKER_TIMEOUT_MS),
    });
    // Only the status matters; release the connection.
    await response.body?.cancel();
    if (response.ok) return true;
    console.error(`demo-web: readyz: broker not ready: ${url} answered ${response.status}`);
  } catch (error) {
    console.error(`demo-web: readyz: broker unreachable: ${url}: ${oneLine(error)}`);
  }
  return false;
}

function oneLine(error: unknown): string {
  const cause =
    error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  const text = error instanceof Error ? `${error.name}: ${error.message}${cause}` : String(error);
  return text.replace(/\s+/g, " ").trim();
}
