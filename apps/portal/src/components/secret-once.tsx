"use client";
import { KeyRound } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@lotse/ui/card";
import { CopyButton } from "@lotse/ui/copy-button";

/**
 * The client secret in clear, right after creation or rotation. It lives only in this
 * component's props (React state of the page that received the mutation's answer): a
 * reload or a new visit cannot show it again, because nothing stores it.
 */
export function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The card appears above the button that was pressed (e.g. after a rotation): move focus to
  // its heading so screen readers announce it and keyboard users continue from the secret,
  // which is shown only this once. Again for a new secret (another rotation).
  useEffect(() => {
    heading.current?.focus();
  }, [secret]);
  return (
    <Card
      className="border-warning/50 bg-warning-muted"
      aria-labelledby="secret-once-title"
      data-testid="secret-once"
    >
      <CardHeader>
        <div className="flex gap-3">
          <KeyRound className="mt-0.5 size-5 shrink-0 text-warning" aria-hidden />
          <div>
            <h2
              id="secret-once-title"
              ref={heading}
              tabIndex={-1}
              className="m-0 text-base leading-tight font-semibold"
            >
              Your client secret
            </h2>
            <CardDescription className="text-foreground">
              Copy it now and keep it in your server&apos;s secret store.{" "}
              <strong>It is shown only this once</strong>; Lotse keeps only a hash of it.
            </CardDescription>
          </div>
        </div>
      </CardHeader>
      <CardContent>
        <code
          className="block rounded-md border border-border bg-card p-3 font-mono text-sm break-all select-all"
          data-testid="client-secret"
        >
          {secret}
        </code>
      </CardContent>
      <CardFooter className="border-warning/30">
        <CopyButton value={secret} label="Copy secret" variant="primary" />
        <Button variant="secondary" size="sm" onClick={onDone}>
          I have stored it
        </Button>
      </CardFooter>
    </Card>
  );
}
