"use client";
/**
 * "Try it": a real login through the broker with this application's settings. It needs a
 * redirect URI the portal controls, which the developer registers knowingly (a button
 * here, or the settings form); the portal never adds one behind their back.
 */
import { useMutation } from "@tanstack/react-query";
import type { ApplicationOutput } from "@lotse/api/schemas";
import { isNativeApplication } from "../try-it/native-application";
import { useTRPC } from "../trpc/react";

export function TryItPanel({
  application,
  redirectUri,
}: {
  application: ApplicationOutput;
  redirectUri: string;
}) {
  const trpc = useTRPC();
  const update = useMutation(trpc.application.update.mutationOptions());
  const registered = application.redirectUris.includes(redirectUri);

  return (
    <section className="card" aria-labelledby="try-it-title">
      <h2 id="try-it-title">Try it</h2>
      {application.type === "CONFIDENTIAL" ? (
        <p className="hint" data-testid="try-it-unavailable">
          Try it works with public applications: the portal signs in with PKCE and no secret. A
          confidential application&apos;s secret is stored only as a hash, so the portal cannot
          redeem a code for it. Register a public application to try your settings.
        </p>
      ) : isNativeApplication(application.redirectUris) ? (
        <p className="hint" data-testid="try-it-unavailable">
          Try it works with web applications. This one has a private-use-scheme redirect URI, so the
          broker treats it as a native app and sends the insurer&apos;s answer straight to the app
          (App Link), not back through the portal.
        </p>
      ) : registered ? (
        <>
          <p className="hint">
            Signs in through the broker and the sandbox insurers with this application&apos;s
            current settings (client id, scopes, sub mode) and shows the ID token&apos;s claims. The
            login returns to <code>{redirectUri}</code>.
          </p>
          <a className="button" href={`/try-it/start?applicationId=${application.id}`}>
            Try it
          </a>
        </>
      ) : (
        <>
          <p className="hint">
            Try it needs the portal&apos;s redirect URI <code>{redirectUri}</code> among this
            application&apos;s redirect URIs. Anyone who can sign in to this application could then
            be sent to the portal; remove the URI when you no longer need it.
          </p>
          <button
            type="button"
            className="button secondary"
            disabled={update.isPending}
            onClick={async () => {
              await update.mutateAsync({
                applicationId: application.id,
                settings: {
                  name: application.name,
                  logoUri: application.logoUri ?? "",
                  type: application.type,
                  redirectUris: [...application.redirectUris, redirectUri],
                  postLogoutRedirectUris: application.postLogoutRedirectUris,
                  subMode: application.subMode,
                  allowedScopes: application.allowedScopes as never,
                  allowedGrantTypes: application.allowedGrantTypes as never,
                  accessTokenTtl: application.accessTokenTtl,
                  idTokenTtl: application.idTokenTtl,
                  refreshTokenTtl: application.refreshTokenTtl,
                },
              });
              // A full reload, so the settings form below shows the new list too.
              window.location.reload();
            }}
          >
            Register the Try-it redirect URI
          </button>
          {update.error && <p className="error">{update.error.message}</p>}
        </>
      )}
    </section>
  );
}
