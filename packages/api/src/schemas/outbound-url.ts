/**
 * URLs the broker calls itself (docs/security.md "Portal attack battery", SSRF): a SMART
 * application's FHIR base (read for a standalone launch's patient lookup and picker) and a
 * CIBA ping-mode application's notification endpoint. Any other stored URL is only opened by
 * a browser (logos, redirect and launch URLs) or never dereferenced (API identifiers).
 *
 * In production these must not name the broker's own network (OWASP SSRF Prevention Cheat
 * Sheet; RFC 6890 special-purpose addresses): loopback and `localhost` names, RFC 1918
 * private ranges, link-local (cloud metadata at 169.254.169.254), unspecified, carrier-grade
 * NAT, IPv6 unique-local and link-local, and IPv4-mapped IPv6 forms of those. In development
 * the broker and the app run on one machine, so loopback is allowed there (http only on
 * loopback is the schemas' rule in both modes). A DNS name that resolves to such an address
 * is not caught here; the broker's egress policy remains the backstop.
 *
 * Browser-safe (no Node built-ins): the WHATWG URL parser has already turned the other
 * spellings of an IPv4 address (`0x7f.1`, `2130706433`, `0177.0.0.1`) into dotted decimal.
 */

/** Lotse's mode (LOTSE_MODE): production unless the dev stack says development. */
export type LotseMode = "development" | "production";

const INTERNAL_ADDRESS =
  "This address is inside the broker's own network; the broker calls this URL, so use a public host.";

function ipv4(hostname: string): number[] | null {
  const parts = hostname.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return null;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : null;
}

function internalIpv4([a, b]: number[]): boolean {
  return (
    a === 0 || // "this network", 0.0.0.0 (RFC 6890)
    a === 10 || // RFC 1918
    a === 127 || // loopback
    (a === 100 && b! >= 64 && b! <= 127) || // carrier-grade NAT (RFC 6598)
    (a === 169 && b === 254) || // link-local (RFC 3927), cloud metadata
    (a === 172 && b! >= 16 && b! <= 31) || // RFC 1918
    (a === 192 && b === 168) // RFC 1918
  );
}

function internalIpv6(address: string): boolean {
  if (address === "::" || address === "::1") return true;
  // IPv4-mapped (::ffff:a.b.c.d, which URL writes as ::ffff:xxxx:yyyy).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mapped) {
    const high = parseInt(mapped[1]!, 16);
    const low = parseInt(mapped[2]!, 16);
    return internalIpv4([high >> 8, high & 255, low >> 8, low & 255]);
  }
  const first = parseInt(address.split(":", 1)[0] || "0", 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local (RFC 4193)
    (first & 0xffc0) === 0xfe80 // link-local (RFC 4291)
  );
}

/** Whether `hostname` (as `new URL(…).hostname` gives it) names the local host. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true; // RFC 6761 §6.3
  if (host === "[::1]") return true;
  const bytes = ipv4(host);
  return bytes !== null && bytes[0] === 127;
}

/** Whether `hostname` names an address that is not on the public internet. */
export function isInternalHost(hostname: string): boolean {
  if (isLoopbackHost(hostname)) return true;
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[") && host.endsWith("]")) return internalIpv6(host.slice(1, -1));
  const bytes = ipv4(host);
  return bytes !== null && internalIpv4(bytes);
}

/**
 * Why the broker must not call `value` in `mode`, or null. Only the host is judged here; the
 * URL's other rules (https, no fragment, …) are the field's own schema.
 */
export function outboundUrlProblem(value: string, mode: LotseMode): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (mode === "development" && isLoopbackHost(url.hostname)) return null;
  return isInternalHost(url.hostname) ? INTERNAL_ADDRESS : null;
}

/**
 * The settings fields the broker calls, with the problem of each in `mode`: the field path
 * (as the forms read it) and the message. Only fields in use are judged (SMART on; CIBA on
 * in ping mode), as the schemas do.
 */
export function outboundUrlProblems(
  settings: {
    smart: { enabled: boolean; fhirBaseUrl: string };
    ciba: { enabled: boolean; deliveryMode: string; notificationEndpoint: string };
  },
  mode: LotseMode,
): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const check = (path: string[], value: string) => {
    const message = value === "" ? null : outboundUrlProblem(value, mode);
    if (message) problems.push({ path, message });
  };
  if (settings.smart.enabled)
    check(["settings", "smart", "fhirBaseUrl"], settings.smart.fhirBaseUrl);
  if (settings.ciba.enabled && settings.ciba.deliveryMode === "PING")
    check(["settings", "ciba", "notificationEndpoint"], settings.ciba.notificationEndpoint);
  return problems;
}
