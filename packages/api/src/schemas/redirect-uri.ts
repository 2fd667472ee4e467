/**
 * Redirect URI rules for registered applications (RFC 9700 §2.1 and §4.1.3: exact string
 * matching, no wildcards; RFC 6749 §3.1.2: absolute URI without a fragment; RFC 8252
 * §7.1 and §8.3: http only on the loopback interface, private-use schemes in reverse-DNS
 * form for native apps). Returns a message for the developer, or null when acceptable.
 */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);
// RFC 8252 §7.1: a reverse domain name with at least one dot, e.g. de.example.app.
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/;

export function redirectUriProblem(value: string): string | null {
  if (value.trim() !== value || value === "") return "Enter a URI without spaces.";
  if (value.includes("*")) return "Wildcards are not allowed; register every URI exactly.";
  if (value.includes("#")) return "A redirect URI must not contain a fragment (#…).";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URI, e.g. https://app.example/callback.";
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme === "https") {
    return url.hostname ? null : "An https URI needs a host.";
  }
  if (scheme === "http") {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? null
      : "http is only allowed for localhost and 127.0.0.1; use https.";
  }
  if (["javascript", "data", "file", "vbscript", "about", "blob"].includes(scheme)) {
    return `The scheme ${scheme}: is not allowed.`;
  }
  if (!PRIVATE_USE_SCHEME.test(scheme)) {
    return "A native app's scheme must be a reverse domain name you control, e.g. de.example.app:/callback.";
  }
  return null;
}
