import { decodeJwt } from "../lib/decode-jwt";

/** A JWT's header and payload, pretty-printed. Decoding verifies nothing (see lib/decode-jwt.ts). */
export function DecodedJwt({ token, testId }: { token: string; testId: string }) {
  let decoded;
  try {
    decoded = decodeJwt(token);
  } catch (error) {
    return <p className="error">{error instanceof Error ? error.message : "not a JWT"}</p>;
  }
  return (
    <div data-testid={testId} className="jwt">
      <h3>Header</h3>
      <pre data-testid={`${testId}-header`}>{JSON.stringify(decoded.header, null, 2)}</pre>
      <h3>Payload</h3>
      <pre data-testid={`${testId}-payload`}>{JSON.stringify(decoded.payload, null, 2)}</pre>
    </div>
  );
}
