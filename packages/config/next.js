// Next.js settings shared by the Lotse web apps (portal, demo-web). An app's next.config.ts:
//   export default lotseNextConfig({ serverExternalPackages: [...] });

/** Sent with every response of every page. */
export const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Login and console pages must never be framed (clickjacking).
  { key: "X-Frame-Options", value: "DENY" },
  // URLs carry authorization codes and ids; RFC 9700 §4.2.4 recommends suppressing the
  // Referer so they cannot leak to other sites.
  { key: "Referrer-Policy", value: "no-referrer" },
];

/** The shared settings with `overrides` on top (headers stay the shared ones). */
export function lotseNextConfig(overrides = {}) {
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    typedRoutes: true,
    // Builds and dev servers must not depend on the network or write agent files:
    // no advisory look-up on the registry, no managed AGENTS.md block.
    agentRules: false,
    // Also write .next/standalone (server.js with only the traced files): the container images
    // run that (deploy/docker); `next start` works as before.
    output: "standalone",
    ...overrides,
    experimental: { agentUpgrade: false, ...overrides.experimental },
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders }];
    },
  };
}
