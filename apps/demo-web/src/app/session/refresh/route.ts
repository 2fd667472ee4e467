import { redirect } from "next/navigation";
import { requestRefresh } from "~/server/auth";

// Always runs for the request: it rewrites the session cookie.
export const dynamic = "force-dynamic";

/**
 * GET /session/refresh: the home page sends the browser here when the access token has
 * expired, because a page cannot set cookies and a route handler can. It refreshes only a
 * token that really expired, so a link from elsewhere changes nothing else, then returns
 * to the home page.
 */
export async function GET(): Promise<never> {
  await requestRefresh("expired");
  redirect("/");
}
