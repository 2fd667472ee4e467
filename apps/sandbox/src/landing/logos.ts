import type Router from "@koa/router";
import { escapeHtml } from "@lotse/server/html";
import { IDPS, type IdpDefinition } from "../idp/idp-registry.js";

/** A generated monogram logo: fictional insurers get no artwork that could pass for a real one. */
export function logoSvg(idp: IdpDefinition): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img" aria-label="${escapeHtml(idp.organizationName)}">
<rect width="64" height="64" rx="12" fill="${idp.logo.color}"/>
<text x="32" y="41" font-family="system-ui,sans-serif" font-size="24" font-weight="700" fill="#fff" text-anchor="middle">${escapeHtml(idp.logo.monogram)}</text>
</svg>`;
}

/** GET /logos/<name>.svg: the logo_uri of each IDP in the federation's IDP list. */
export function registerLogos(router: Router): void {
  for (const idp of IDPS) {
    const svg = logoSvg(idp);
    router.get(`/logos/${idp.name}.svg`, (ctx) => {
      ctx.type = "image/svg+xml";
      // SVG can carry script; this one does not, and the CSP keeps it that way if opened directly.
      ctx.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
      ctx.set("Cache-Control", "public, max-age=3600");
      // The broker's chooser and portal show these logos from their own origins.
      ctx.set("Cross-Origin-Resource-Policy", "cross-origin");
      ctx.body = svg;
    });
  }
}
