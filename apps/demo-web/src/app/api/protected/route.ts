import { env } from "~/env";
import { answerProtectedApi } from "~/server/demo-api/protected-api";

// Every request is checked on its own; nothing is cached or rendered at build time.
export const dynamic = "force-dynamic";

/**
 * GET /api/protected: an API protected by Lotse access tokens (JWT, RFC 9068) for the
 * identifier DEMO_API_AUDIENCE with the scope DEMO_API_SCOPE. 200 with the caller's
 * sub, client_id and scope; 400/401/403 with a WWW-Authenticate challenge (RFC 6750 §3).
 */
export function GET(request: Request): Promise<Response> {
  return answerProtectedApi(request.headers.get("authorization"), {
    issuer: env.BROKER_URL,
    audience: env.DEMO_API_AUDIENCE,
    scope: env.DEMO_API_SCOPE,
  });
}
