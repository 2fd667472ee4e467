/**
 * The SDK's one way to call the broker: turns fetch failures, OAuth error bodies
 * (`{error, error_description}`, RFC 6749 §5.2) and unreadable answers into the typed errors.
 */
import { LotseAuthError, LotseNetworkError, LotseProtocolError } from "./errors.js";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Sends a request and answers the parsed JSON of a 2xx response (`undefined` for an empty
 * one, as RFC 7009 revocation answers); callers check the shape.
 */
export async function requestJson(
  fetchFn: FetchLike,
  url: string,
  init: RequestInit = {},
): Promise<unknown> {
  const headers = new Headers(init.headers);
  headers.set("accept", "application/json");
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, headers });
  } catch (cause) {
    throw new LotseNetworkError("network_error", `${init.method ?? "GET"} ${url} failed`, {
      cause,
    });
  }
  const text = await response.text().catch((cause: unknown) => {
    throw new LotseNetworkError("network_error", `reading the answer of ${url} failed`, { cause });
  });
  let body: unknown;
  let json = true;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = false;
  }
  if (!response.ok) {
    if (isRecord(body) && typeof body.error === "string")
      throw new LotseAuthError(body.error, {
        status: response.status,
        ...(typeof body.error_description === "string"
          ? { errorDescription: body.error_description }
          : {}),
      });
    throw new LotseNetworkError("http_error", `${url} answered ${response.status}`, {
      status: response.status,
    });
  }
  if (!json) throw new LotseProtocolError("invalid_response", `${url} did not answer JSON`);
  return body;
}

/** `application/x-www-form-urlencoded` POST, as the token and revocation endpoints take. */
export function formPost(
  fetchFn: FetchLike,
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<unknown> {
  return requestJson(fetchFn, url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params).toString(),
  });
}
