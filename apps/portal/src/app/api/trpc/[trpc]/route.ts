import { handlePortalTrpcRequest } from "@lotse/api";
import { env } from "~/env";
import { createContext } from "~/server/trpc-context";

// Same-origin only: no CORS headers at all (STYLE.md: no `*` CORS on admin APIs), and
// cross-site mutations are refused before tRPC sees them (@lotse/api http/cross-site.ts).
function handler(request: Request): Promise<Response> {
  return handlePortalTrpcRequest(request, {
    portalOrigin: new URL(env.PORTAL_URL).origin,
    createContext: () => createContext(request.headers),
    onError({ code, message, path }) {
      if (code === "INTERNAL_SERVER_ERROR") {
        console.error(`portal: trpc ${path ?? "?"}: ${message}`);
      }
    },
  });
}

export { handler as GET, handler as POST };
