/**
 * demo-web's health probes (docs/operations.md): demo-web has no database of its own, so it is
 * healthy (and ready) when the broker, without which no login works, answers the same probe
 * with 2xx within 2 s. They reveal no internals; the reason is logged under the probe's name.
 */
import { env } from "~/env";

const BROKER_TIMEOUT_MS = 2000;

export async function brokerProbe(probe: "healthz" | "readyz"): Promise<Response> {
  const broker = (await brokerAnswers(probe)) ? "ok" : "unreachable";
  const ok = broker === "ok";
  return Response.json(
    { status: ok ? "ok" : "error", service: "demo-web", broker },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}

async function brokerAnswers(probe: "healthz" | "readyz"): Promise<boolean> {
  const url = `${env.BROKER_URL}/${probe}`;
  try {
    const response = await fetch(url, {
      cache: "no-store",
      redirect: "manual",
      signal: AbortSignal.timeout(BROKER_TIMEOUT_MS),
    });
    // Only the status matters; release the connection.
    await response.body?.cancel();
    if (response.ok) return true;
    console.error(
      `demo-web: ${probe}: broker ${probe === "readyz" ? "not ready" : "unreachable"}: ${url} answered ${response.status}`,
    );
  } catch (error) {
    console.error(`demo-web: ${probe}: broker unreachable: ${url}: ${oneLine(error)}`);
  }
  return false;
}

function oneLine(error: unknown): string {
  const cause =
    error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  const text = error instanceof Error ? `${error.name}: ${error.message}${cause}` : String(error);
  return text.replace(/\s+/g, " ").trim();
}
