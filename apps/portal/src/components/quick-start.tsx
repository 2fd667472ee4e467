import { buildQuickStart } from "@lotse/api";
import { CopyButton } from "./copy-button";

/**
 * Where an app finds the broker and who it is there, plus copy-paste configuration for
 * the common client libraries (built by @lotse/api's quick-start, which never sees a secret).
 */
export function QuickStart({
  brokerUrl,
  application,
}: {
  brokerUrl: string;
  application: {
    clientId: string;
    type: "PUBLIC" | "CONFIDENTIAL";
    redirectUris: string[];
    allowedScopes: string[];
  };
}) {
  const quickStart = buildQuickStart({ issuer: brokerUrl, ...application });
  return (
    <section className="card" aria-labelledby="quick-start-title">
      <h2 id="quick-start-title">Quick start</h2>
      <dl>
        <dt>Issuer</dt>
        <dd>
          <code data-testid="issuer">{quickStart.issuer}</code>
        </dd>
        <dt>Discovery URL</dt>
        <dd>
          <code data-testid="discovery-url">{quickStart.discoveryUrl}</code>{" "}
          <CopyButton value={quickStart.discoveryUrl} />
        </dd>
        <dt>Client id</dt>
        <dd>
          <code data-testid="client-id">{quickStart.clientId}</code>{" "}
          <CopyButton value={quickStart.clientId} />
        </dd>
        <dt>Client authentication</dt>
        <dd>
          {application.type === "CONFIDENTIAL"
            ? "client_secret_basic with the secret shown once at creation or rotation; PKCE S256 recommended"
            : "none (public application); PKCE S256 required"}
        </dd>
        <dt>Redirect URI</dt>
        <dd>
          <code>{quickStart.redirectUri}</code>
        </dd>
        <dt>Scopes</dt>
        <dd>
          <code>{quickStart.scope}</code>
        </dd>
      </dl>
      {quickStart.snippets.map((snippet) => (
        <details key={snippet.id} data-testid={`quick-start-${snippet.id}`}>
          <summary>{snippet.title}</summary>
          <p className="hint">{snippet.note}</p>
          {snippet.files.map((file) => (
            <div key={file.name}>
              <div className="row" style={{ justifyContent: "space-between" }}>
                <code className="hint">{file.name}</code>
                <CopyButton value={file.code} label={`Copy ${file.name}`} />
              </div>
              <pre className="snippet">
                <code>{file.code}</code>
              </pre>
            </div>
          ))}
        </details>
      ))}
    </section>
  );
}
