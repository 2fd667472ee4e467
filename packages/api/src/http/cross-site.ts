/**
 * Cross-site request forgery guard for the portal's tRPC endpoint (OWASP CSRF Prevention
 * Cheat Sheet: "Fetch Metadata" and "Verifying origin with standard headers").
 *
 * tRPC's fetch adapter also accepts `multipart/form-data` and `application/octet-stream`
 * POSTs, which an HTML form or a no-cors fetch on another site can send without a CORS
 * preflight; a procedure without input (e.g. `admin.rotateSigningKeys`) would then run with
 * whatever cookies the browser attaches (SameSite=Lax ones too, from a sibling subdomain or
 * another port of the same host, which are the same site). The portal's client sends every
 * mutation as `application/json`, which a cross-origin page cannot send without a preflight
 * that the portal never answers (no CORS headers), so only that content type is accepted,
 * and Fetch Metadata and Origin refuse the rest.
 */
export type CrossSiteRefusal = { status: 403 | 415; message: string };

/**
 * Why a request to the tRPC endpoint is refused, or null. GET (queries, read-only and not
 * readable cross-origin) passes; every other method must be same-origin JSON.
 */
export function crossSiteRefusal(request: Request, portalOrigin: string): CrossSiteRefusal | null {
  if (request.method === "GET" || request.method === "HEAD") return null;
  const contentType = request.headers.get("content-type")?.split(";", 1)[0]?.trim().toLowerCase();
  if (contentType !== "application/json")
    return { status: 415, message: "Mutations are sent as application/json." };
  // Browsers send Sec-Fetch-Site on every request (Fetch Metadata, W3C); it decides when there.
  const site = request.headers.get("sec-fetch-site");
  if (site !== null)
    return site === "same-origin" ? null : { status: 403, message: "Cross-site request refused." };
  // Without it (an older browser, a script): a foreign Origin is refused. "null" is what a
  // page under Referrer-Policy: no-referrer sends for its own requests.
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== "null" && origin !== portalOrigin)
    return { status: 403, message: "Cross-site request refused." };
  return null;
}
