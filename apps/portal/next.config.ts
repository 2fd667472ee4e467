import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // The admin console must never be framed (clickjacking).
  { key: "X-Frame-Options", value: "DENY" },
  // URLs may carry codes and ids; RFC 9700 §4.2.4 recommends suppressing the Referer.
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
  // Node loads the Prisma runtime and the pg driver adapter from node_modules, as in the
  // broker, instead of Turbopack bundling them (@prisma/client and pg are on Next's
  // default list; the adapter is not).
  // The component library ships TypeScript sources.
  transpilePackages: ["@lotse/ui"],
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
