/**
 * Decodes a compact JWS for display. It checks nothing: the ID token was already
 * validated when it was received (next-auth / oauth4webapi, or the SDK in the backend
 * variant). Never base an access decision on this.
 *
 * Runs on the server and in the browser (the SMART app), so it uses atob and TextDecoder,
 * not Buffer; base64url is turned into base64 first, which atob alone rejects (RFC 7515 §2).
 */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

function base64urlToText(segment: string): string {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), "="));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function part(segment: string | undefined, name: string): Record<string, unknown> {
  if (!segment) throw new Error(`not a JWT: no ${name}`);
  const value: unknown = JSON.parse(base64urlToText(segment));
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`not a JWT: the ${name} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function decodeJwt(token: string): DecodedJwt {
  const segments = token.split(".");
  if (segments.length !== 3) throw new Error("not a JWT: expected three segments (a JWS)");
  return { header: part(segments[0], "header"), payload: part(segments[1], "payload") };
}
