/** The peer's one client and person, shared by the peer (peer.ts) and the bench's workers. */
export const PEER_CLIENT = {
  clientId: "bench-peer",
  // Loopback only and in memory; not a secret of anything.
  secret: "bench-peer-secret-bench-peer-secret-0000",
  redirectUri: "http://127.0.0.1:9/bench/callback",
} as const;

export const PEER_SUBJECT = "peer-person";
