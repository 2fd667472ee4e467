import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@lotse/api";
import { createContext } from "~/server/trpc-context";

// Same-origin only: no CORS headers at all (STYLE.md: no `*` CORS on admin APIs).
function handler(request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: request,
    createContext: () => createContext(request.headers),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(`portal: trpc ${path ?? "?"}: ${error.message}`);
      }
    },
  });
}

export { handler as GET, handler as POST };
