import { findRequest } from "~/server/helpdesk/request-store";

export const dynamic = "force-dynamic";

/**
 * GET /helpdesk/requests/<id>: the agent page's view of its request (a HelpdeskStatus,
 * never a token). The id is 128 random bits, known only to the page that started it.
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const request = findRequest(id);
  const headers = { "cache-control": "no-store" };
  if (!request) return Response.json({ error: "not_found" }, { status: 404, headers });
  return Response.json(request.status, { headers });
}
