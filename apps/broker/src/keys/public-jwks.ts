/** The public halves of private JWKs: what verifies what the broker signed with them. */
import type { JWK } from "jose";

export function publicJwks(keys: readonly JWK[]): { keys: JWK[] } {
  return {
    keys: keys.map(
      ({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart }) => publicPart,
    ),
  };
}
