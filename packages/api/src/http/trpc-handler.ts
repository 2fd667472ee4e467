/**
 * The portal's tRPC HTTP endpoint (`/api/trpc`): the cross-site guard (./cross-site.ts) in
 * front of tRPC's fetch adapter. Lives here rather than in the portal's route handler so the
 * attack battery runs it as the portal does (src/attacks/csrf.int.test.ts).
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "../root.js";
import type { TRPCContext } from "../trpc.js";
import { crossSiteRefusal } from "./cross-site.js";

export interface PortalTrpcOptions {
  /** The portal's own origin (PORTAL_URL), for requests that carry no Fetch Metadata. */
  portalOrigin: string;
  /** Called only for requests that pass the guard. */
  createContext: () => Promise<TRPCContext> | TRPCContext;
  onError?: (error: { code: string; message: string; path: string | undefined }) => void;
}

export async function handlePortalTrpcRequest(
  request: Request,
  options: PortalTrpcOptions,
): Promise<Response> {
  const refusal = crossSiteRefusal(request, options.portalOrigin);
  if (refusal)
    // tRPC's error shape (no `data`: nothing about the procedure is revealed), never cached.
    return Response.json(
      {
        error: {
          message: refusal.message,
          code: refusal.status === 415 ? -32015 : -32003,
          data: { code: refusal.status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "FORBIDDEN" },
        },
      },
      { status: refusal.status, headers: { "cache-control": "no-store" } },
    );
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: request,
    createContext: () => options.createContext(),
    onError: ({ error, path }) =>
      options.onError?.({ code: error.code, message: error.message, path }),
  });
}
