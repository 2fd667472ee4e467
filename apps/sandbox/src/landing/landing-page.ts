import type Router from "@koa/router";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * GET /: what the sandbox simulates. The federation master, insurer IDPs, authenticator
 * app and FHIR server are added under their path prefixes by the federation work.
 */
export function registerLandingPage(router: Router, options: { brokerUrl: string }): void {
  router.get("/", (ctx) => {
    ctx.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    ctx.type = "html";
    ctx.body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lotse sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}</style>
</head>
<body>
<h1 data-testid="sandbox-title">Lotse sandbox</h1>
<p>The simulated outside world for development and tests: the federation master, insurer identity
providers, an authenticator app and a FHIR server, each under its own path of this server.</p>
<p>Broker: <a href="${escapeHtml(options.brokerUrl)}/healthz">${escapeHtml(options.brokerUrl)}</a></p>
</body>
</html>`;
  });
}
