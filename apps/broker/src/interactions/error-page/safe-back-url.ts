/**
 * The "back to the app" link. Only http(s) and private-use schemes of native
 * apps (reverse domain names, RFC 8252 §7.1) are linked; `javascript:`,
 * `data:` and the like never are. The caller passes only a URL it has already
 * matched against the application's registration: an unregistered redirect
 * URI must never become a link (RFC 9700 §4.1).
 */
export function safeBackToAppUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme === "https" || scheme === "http") return parsed.href;
  if (/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/.test(scheme)) return parsed.href;
  return null;
}
