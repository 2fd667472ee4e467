/**
 * Decodes a compact JWS for display. It checks nothing: the ID token was already
 * validated when it was received (next-auth / oauth4webapi, or the SDK in the backend
 * variant). Never base an access decision on this.
 */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

function part(segment: string | undefined, name: string): Record<string, unknown> {
  if (!segment) throw new Error(`not a JWT: no ${name}`);
  const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
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
