"use client";
/**
 * "Try it": a real login through the broker with this application's settings. It needs a
 * redirect URI the portal controls, which the developer registers knowingly (a button
 * here, or the settings form); the portal never adds one behind their back.
 */
import { useMutation } from "@tanstack/react-query";
import { Play, Plus } from "lucide-react";
import type { ApplicationOutput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Button, buttonVariants } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { Field } from "@lotse/ui/field";
import { Input } from "@lotse/ui/input";
import { Code } from "@lotse/ui/layout";
import { useTRPC } from "../trpc/react";

export function TryItPanel({
  application,
  redirectUri,
  className,
}: {
  application: ApplicationOutput;
  redirectUri: string;
  className?: string;
}) {
  const trpc = useTRPC();
  const addUri = useMutation(trpc.application.addRedirectUri.mutationOptions());
  const registered = application.redirectUris.includes(redirectUri);

  return (
    <Card id="try-it" aria-labelledby="try-it-title" className={className}>
      <CardHeader>
        <div>
          <CardTitle id="try-it-title">Try a sign-in</CardTitle>
          <CardDescription>
            A real login through the broker and the sandbox insurers, with this application&apos;s
            current settings (client id, scopes, sub mode). You see the ID token&apos;s claims.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4 *:min-w-0">
        {application.platform === "NATIVE" ? (
          <Alert data-testid="try-it-unavailable" title="Only for web applications">
            <p>
              This one is a native app (platform Native), so the insurer&apos;s answer goes straight
              to the app (App Link or private-use scheme), not back through the portal.
            </p>
          </Alert>
        ) : registered && application.type === "CONFIDENTIAL" ? (
          <form
            method="post"
            action="/try-it/start"
            className="grid max-w-xl gap-3"
            data-testid="try-it-confidential"
          >
            <input type="hidden" name="applicationId" value={application.id} />
            <Field
              label="Client secret"
              htmlFor="try-it-secret"
              hint="The portal keeps only a hash of it. What you type here is used for this one login's token request and held, encrypted, in a cookie for at most 10 minutes until then."
            >
              <Input
                id="try-it-secret"
                name="clientSecret"
                type="password"
                required
                autoComplete="off"
                spellCheck={false}
                aria-describedby="try-it-secret-hint"
              />
            </Field>
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <Button type="submit">
                <Play aria-hidden />
                Try it
              </Button>
              <p className="m-0 text-sm text-muted-foreground">
                The login returns to <Code>{redirectUri}</Code>.
              </p>
            </div>
          </form>
        ) : registered ? (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <a className={buttonVariants()} href={`/try-it/start?applicationId=${application.id}`}>
              <Play aria-hidden />
              Try it
            </a>
            <p className="m-0 text-sm text-muted-foreground">
              The login returns to <Code>{redirectUri}</Code>.
            </p>
          </div>
        ) : (
          <>
            <p className="m-0 text-sm text-muted-foreground">
              Try it needs the portal&apos;s redirect URI <Code>{redirectUri}</Code> among this
              application&apos;s redirect URIs. Anyone who can sign in to this application could
              then be sent to the portal; remove the URI when you no longer need it.
            </p>
            <div>
              <Button
                variant="secondary"
                loading={addUri.isPending}
                onClick={() =>
                  addUri.mutate(
                    // Only this URI is added; every other setting stays as stored now.
                    { applicationId: application.id, redirectUri },
                    // A full reload, so the settings form below shows the new list too.
                    { onSuccess: () => window.location.reload() },
                  )
                }
              >
                <Plus aria-hidden />
                Register the Try-it redirect URI
              </Button>
            </div>
            {addUri.error && <Alert tone="danger">{addUri.error.message}</Alert>}
          </>
        )}
      </CardContent>
    </Card>
  );
}
