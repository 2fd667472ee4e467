import { CopyButton } from "./copy-button";

/** Where an app finds the broker and who it is there. */
export function QuickStart({
  brokerUrl,
  clientId,
  type,
  redirectUri,
}: {
  brokerUrl: string;
  clientId: string;
  type: "PUBLIC" | "CONFIDENTIAL";
  redirectUri: string | undefined;
}) {
  const discovery = `${brokerUrl}/.well-known/openid-configuration`;
  const config = [
    `issuer:        ${brokerUrl}`,
    `discovery:     ${discovery}`,
    `client_id:     ${clientId}`,
    type === "CONFIDENTIAL"
      ? "client_secret: <the secret shown once at creation or rotation>"
      : "client auth:   none (public client), PKCE S256 required",
    `redirect_uri:  ${redirectUri ?? "<one of your registered redirect URIs>"}`,
    "scope:         openid",
  ].join("\n");
  return (
    <section className="card" aria-labelledby="quick-start-title">
      <h2 id="quick-start-title">Quick start</h2>
      <dl>
        <dt>Issuer</dt>
        <dd>
          <code data-testid="issuer">{brokerUrl}</code>
        </dd>
        <dt>Discovery URL</dt>
        <dd>
          <code>{discovery}</code> <CopyButton value={discovery} />
        </dd>
        <dt>Client id</dt>
        <dd>
          <code data-testid="client-id">{clientId}</code> <CopyButton value={clientId} />
        </dd>
      </dl>
      <p className="hint">Any OpenID Connect client library works with these settings:</p>
      <pre>
        <code>{config}</code>
      </pre>
    </section>
  );
}
