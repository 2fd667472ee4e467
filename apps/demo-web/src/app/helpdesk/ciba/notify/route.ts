import { readNotification } from "~/lib/helpdesk/notification";
import { acceptNotification } from "~/server/helpdesk/helpdesk-requests";

export const dynamic = "force-dynamic";

/**
 * POST /helpdesk/ciba/notify: the client notification endpoint of `demo-helpdesk-ping`
 * (CIBA Core §10.2). The broker calls it when the caller has answered; this app then makes
 * the token request. Refused: no bearer token or one no running request sent (401, with
 * the RFC 6750 §3 challenge), a body without auth_req_id or with another request's (400).
 */
export async function POST(request: Request): Promise<Response> {
  const reading = readNotification(request.headers.get("authorization"), await request.text());
  if (!reading.ok) return refuse(reading.status, reading.error);
  const verdict = acceptNotification(reading.token, reading.authReqId);
  if (verdict === "unknown_token") return refuse(401, "invalid_token");
  if (verdict === "wrong_request") return refuse(400, "invalid_request");
  // CIBA Core §10.2: a valid notification is answered with 204 No Content.
  return new Response(null, { status: 204 });
}

function refuse(status: 400 | 401, error: "invalid_token" | "invalid_request"): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = `Bearer error="${error}"`;
  return Response.json({ error }, { status, headers });
}
