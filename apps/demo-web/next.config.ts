import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Login pages must never be framed (clickjacking).
  { key: "X-Frame-Options", value: "DENY" },
  // The callback URL carries the authorization code; RFC 9700 §4.2.4 recommends
  // suppressing the Referer so it cannot leak to other sites.
  { key: "Referrer-Policy", value: "no-referrer" },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  typedRoutes: true,
  // Builds and dev servers must not depend on the network or write agent files:
  // no advisory look-up on the registry, no managed AGENTS.md block.
  agentRules: false,
  experimental: { agentUpgrade: false },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
