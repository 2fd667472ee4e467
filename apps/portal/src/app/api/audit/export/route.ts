import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createCaller } from "@lotse/api";
import { createContext } from "~/server/trpc-context";

/**
 * CSV or JSON download of the filtered audit list (`?format=csv|json&<filters>`). Calls the
 * same procedure as the UI with the request's session, so a developer exports only their
 * applications' events. Same origin only, never cached.
 */
export async function GET(request: Request): Promise<Response> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { format, ...rawFilter } = params;
  try {
    const caller = createCaller(await createContext(request.headers));
    const result = await caller.audit.export({
      // Text from the query string; the procedure's schema parses and checks it.
      filter: rawFilter,
      format: format === "json" ? "json" : "csv",
    });
    return new Response(result.body, {
      headers: {
        "content-type": result.contentType,
        "content-disposition": `attachment; filename="${result.filename}"`,
        "cache-control": "no-store",
        "x-lotse-rows": String(result.rows),
        "x-lotse-truncated": String(result.truncated),
      },
    });
  } catch (error) {
    if (error instanceof TRPCError)
      return Response.json({ error: error.message }, { status: getHTTPStatusCodeFromError(error) });
    throw error;
  }
}
