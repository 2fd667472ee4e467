import type Router from "@koa/router";
import { escapeHtml as e } from "@lotse/server/html";
import { listIdentities } from "../identities/identities-api.js";
import { IDPS, idpIssuer, idpLogoUri } from "../idp/idp-registry.js";
import { FEDMASTER_PATH } from "../federation/fedmaster-routes.js";

/**
 * GET /: what the sandbox simulates — the federation master, the insurer IDPs with their
 * discovery documents, and the test identities.
 */
export function registerLandingPage(
  router: Router,
  options: { brokerUrl: string; sandboxUrl: string },
): void {
  const { sandboxUrl, brokerUrl } = options;
  const fedmaster = `${sandboxUrl}${FEDMASTER_PATH}`;
  const organizationByIssuer = new Map(
    IDPS.map((idp) => [idpIssuer(sandboxUrl, idp.name), idp.organizationName]),
  );

  const idpRows = IDPS.map((idp) => {
    const issuer = idpIssuer(sandboxUrl, idp.name);
    const discovery = `${issuer}/.well-known/openid-configuration`;
    return `<tr data-testid="idp-${idp.name}"><td><img src="${e(new URL(idpLogoUri(sandboxUrl, idp.name)).pathname)}" alt="" width="24" height="24"> ${e(idp.organizationName)}</td><td>${idp.pkv ? "PKV" : "GKV"}</td><td><code>${e(issuer)}</code><br><a href="${e(discovery)}">discovery</a></td></tr>`;
  }).join("\n");

  const identityRows = listIdentities(sandboxUrl)
    .map(
      (identity) =>
        `<tr data-testid="identity-row-${e(identity.kvnr)}"><td>${e(identity.displayName)}</td><td><code>${e(identity.kvnr)}</code></td><td>${e(organizationByIssuer.get(identity.idp) ?? identity.idp)}</td></tr>`,
    )
    .join("\n");

  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lotse sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
img{vertical-align:middle}</style>
</head>
<body>
<h1 data-testid="sandbox-title">Lotse sandbox</h1>
<p>The simulated outside world for development and tests: a gematik-style federation master and
insurer identity providers, each under its own path of this server. All names and numbers are fictional.</p>
<p>Broker: <a href="${e(brokerUrl)}/healthz">${e(brokerUrl)}</a> (registered at every IDP as client <code>${e(brokerUrl)}</code>)</p>
<h2>Federation master</h2>
<ul>
<li>Entity statement: <a href="${e(fedmaster)}/.well-known/openid-federation">${e(fedmaster)}/.well-known/openid-federation</a></li>
<li>IDP list: <a href="${e(fedmaster)}/federation/listidps">${e(fedmaster)}/federation/listidps</a></li>
</ul>
<h2>FHIR server</h2>
<p>Synthetic FHIR R4 data for SMART apps, guarded by the broker's access tokens: <a href="/fhir/r4/metadata">${e(sandboxUrl)}/fhir/r4/metadata</a></p>
<h2>The person's phone (CIBA)</h2>
<p>Login requests that an app started without a browser (CIBA, poll mode at every insurer) wait on the
insured person's phone for Approve or Deny: <a href="/authenticator/ciba" data-testid="ciba-phone-link">${e(sandboxUrl)}/authenticator/ciba</a>.
A person's user code is the last four digits of their KVNR.</p>
<h2>Insurer identity providers</h2>
<table><thead><tr><th scope="col">Insurer</th><th scope="col">Type</th><th scope="col">Issuer</th></tr></thead>
<tbody>
${idpRows}
</tbody></table>
<h2>Test identities</h2>
<p>Log one in without a page: add <code>gematik_enable_testing=true&amp;gematik_login_user=&lt;KVNR&gt;</code> to the
authorization request. As JSON: <a href="/api/identities">/api/identities</a>.</p>
<table><thead><tr><th scope="col">Name</th><th scope="col">KVNR</th><th scope="col">Insurer</th></tr></thead>
<tbody>
${identityRows}
</tbody></table>
</body>
</html>`;

  router.get("/", (ctx) => {
    ctx.set(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    );
    ctx.type = "html";
    ctx.body = html;
  });
}
