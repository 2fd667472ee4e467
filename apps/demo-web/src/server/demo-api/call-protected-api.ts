/**
 * The backend variant's call of /api/protected with the access token it has just
 * redeemed, over HTTP to demo-web's own public URL, as a client of any API would call it.
 * What came back is kept for the page (no token in it).
 */
const TIMEOUT_MS = 5000;
/** The page shows a body only up to this length (it travels in a cookie). */
const MAX_BODY_LENGTH = 1000;

export type DemoApiOutcome =
  /** The API answered: 200 with its JSON, or a refusal with its challenge. */
  | { kind: "answer"; status: number; body: unknown; challenge?: string }
  /** No answer: the login failed (`stage: "login"`, an SDK error code) or the call did. */
  | { kind: "failure"; stage: "login" | "api"; error: string };

/** `GET url` with `Authorization: Bearer <accessToken>`; never throws. */
export async function callProtectedApi(
  url: string,
  accessToken: string,
  fetchFn: typeof fetch = fetch,
): Promise<DemoApiOutcome> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      headers: { accept: "application/json", authorization: `Bearer ${accessToken}` },
      cache: "no-store",
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: "failure", stage: "api", error: `GET ${url} failed: ${reason}` };
  }
  const text = await response.text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text.slice(0, MAX_BODY_LENGTH);
  }
  const challenge = response.headers.get("www-authenticate");
  return { kind: "answer", status: response.status, body, ...(challenge ? { challenge } : {}) };
}
