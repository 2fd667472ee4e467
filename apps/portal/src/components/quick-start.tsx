import type { QuickStart as QuickStartData } from "@lotse/api";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { CopyButton } from "@lotse/ui/copy-button";
import { Hint } from "@lotse/ui/field";
import { Code, DescriptionList } from "@lotse/ui/layout";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@lotse/ui/tabs";

const CIBA_MODE_LINES = {
  POLL: "Poll mode: poll the token endpoint with the auth_req_id at the returned interval.",
  PING: "Ping mode: the broker calls your notification endpoint; then redeem the auth_req_id once.",
} as const;

/**
 * Copy-paste configuration for the common client libraries (built by @lotse/api's
 * quick-start, which never sees a secret). Issuer, discovery URL and client id are in the
 * application page's header.
 */
export function QuickStart({
  quickStart,
  type,
  pkceRequired = true,
  className,
}: {
  quickStart: QuickStartData;
  type: "PUBLIC" | "CONFIDENTIAL";
  /** A confidential application may have PKCE switched off (settings). */
  pkceRequired?: boolean;
  className?: string;
}) {
  const [first] = quickStart.snippets;
  return (
    <Card id="quick-start" aria-labelledby="quick-start-title" className={className}>
      <CardHeader>
        <div>
          <CardTitle id="quick-start-title">Quick start</CardTitle>
          <CardDescription>
            Pick your client library; the snippets carry this application&apos;s values.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-5 *:min-w-0">
        <DescriptionList
          items={[
            {
              term: "Client authentication",
              value:
                type === "CONFIDENTIAL"
                  ? `client_secret_basic with the secret shown once at creation or rotation; ${pkceRequired ? "PKCE S256 required" : "PKCE switched off (RFC 9700 recommends it)"}`
                  : "none (public application); PKCE S256 required",
            },
            { term: "Redirect URI", value: <Code>{quickStart.redirectUri}</Code> },
            { term: "Scopes", value: <Code>{quickStart.scope}</Code> },
            // APIs whose scopes the application was granted (RFC 8707 resource indicators).
            ...(quickStart.apis.length > 0
              ? [
                  {
                    term: quickStart.apis.length === 1 ? "API" : "APIs",
                    value: (
                      <span className="grid gap-2" data-testid="quick-start-apis">
                        {quickStart.apis.map((api) => (
                          <span key={api.identifier} className="grid gap-1">
                            <span>
                              Ask with <Code>resource={api.identifier}</Code> or the scopes{" "}
                              <Code>{api.scopes.join(" ")}</Code>.
                            </span>
                            <span className="text-muted-foreground">
                              {api.tokenFormat === "JWT"
                                ? "The access token is then a JWT for this API (aud = its identifier), verifiable with the JWKS."
                                : "The access token is then opaque: the API asks the introspection endpoint."}
                            </span>
                          </span>
                        ))}
                      </span>
                    ),
                  },
                ]
              : []),
            // Backchannel login (CIBA Core 1.0), only where the application may use it.
            ...(quickStart.ciba
              ? [
                  {
                    term: "Backchannel login (CIBA)",
                    value: (
                      <span className="grid gap-1">
                        <span className="flex min-w-0 items-center justify-between gap-2">
                          <Code data-testid="ciba-endpoint">{quickStart.ciba.endpoint}</Code>
                          <CopyButton
                            value={quickStart.ciba.endpoint}
                            label="Copy"
                            aria-label="Copy the backchannel endpoint"
                            variant="ghost"
                          />
                        </span>
                        <span className="text-muted-foreground" data-testid="ciba-mode">
                          {CIBA_MODE_LINES[quickStart.ciba.deliveryMode]}
                        </span>
                      </span>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {first && (
          <Tabs defaultValue={first.id}>
            <TabsList aria-label="Client library">
              {quickStart.snippets.map((snippet) => (
                <TabsTrigger key={snippet.id} value={snippet.id}>
                  {snippet.title}
                </TabsTrigger>
              ))}
            </TabsList>
            {quickStart.snippets.map((snippet) => (
              <TabsContent
                key={snippet.id}
                value={snippet.id}
                className="grid gap-4 *:min-w-0"
                data-testid={`quick-start-${snippet.id}`}
              >
                <Hint>{snippet.note}</Hint>
                {snippet.files.map((file) => (
                  <div key={file.name} className="grid min-w-0 gap-2">
                    <div className="flex items-center justify-between gap-2">
                      <code className="text-xs text-muted-foreground">{file.name}</code>
                      <CopyButton
                        value={file.code}
                        label="Copy"
                        aria-label={`Copy ${file.name}`}
                        variant="ghost"
                      />
                    </div>
                    <pre className="m-0 overflow-x-auto rounded-lg bg-muted p-4 text-sm">
                      <code>{file.code}</code>
                    </pre>
                  </div>
                ))}
              </TabsContent>
            ))}
          </Tabs>
        )}
      </CardContent>
    </Card>
  );
}
