/**
 * The broker's ping callback (CIBA Core §10.2): an HTTP POST to the client notification
 * endpoint with `Authorization: Bearer <client_notification_token>` (RFC 6750 §2.1) and
 * the JSON body `{"auth_req_id": "…"}`. The client MUST check the bearer token it chose
 * for the request (CIBA Core §10.2), so a third party cannot fake an answer.
 */

export type NotificationReading =
  | { ok: true; token: string; authReqId: string }
  | { ok: false; status: 400 | 401; error: "invalid_token" | "invalid_request" };

/** RFC 6750 §2.1: `Bearer` (case-insensitive) and a token68 credential. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export function bearerToken(authorization: string | null): string | undefined {
  return authorization ? BEARER.exec(authorization.trim())?.[1] : undefined;
}

/** The bearer token and auth_req_id of a notification, or the status to refuse it with. */
export function readNotification(authorization: string | null, body: string): NotificationReading {
  const token = bearerToken(authorization);
  if (!token) return { ok: false, status: 401, error: "invalid_token" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, status: 400, error: "invalid_request" };
  }
  const authReqId =
    typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as { auth_req_id?: unknown }).auth_req_id
      : undefined;
  if (typeof authReqId !== "string" || authReqId.length === 0) {
    return { ok: false, status: 400, error: "invalid_request" };
  }
  return { ok: true, token, authReqId };
}
