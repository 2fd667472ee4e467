"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { RefreshCw } from "lucide-react";
import { useMemo, useState } from "react";
import type { z } from "zod";
import type { secretOutput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Badge } from "@lotse/ui/badge";
import { Button } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { DataTable } from "@lotse/ui/data-table";
import { ConfirmButton } from "@lotse/ui/dialog";
import { Field } from "@lotse/ui/field";
import { Select } from "@lotse/ui/input";
import { Code } from "@lotse/ui/layout";
import { SecretOnce } from "~/components/secret-once";
import { useTRPC } from "~/trpc/react";

type Secret = z.infer<typeof secretOutput>;

const GRACE_CHOICES = [
  [0, "none — the old secret stops working now"],
  [3600, "1 hour"],
  [86400, "1 day"],
  [7 * 86400, "7 days"],
  [30 * 86400, "30 days"],
] as const;

// Rendered only in the browser (the list is fetched client-side), so the user's locale and
// time zone apply and server and client never disagree.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function StatusBadge({ secret }: { secret: Secret }) {
  switch (secret.status) {
    case "active":
      return <Badge tone="success">active</Badge>;
    case "expiring":
      return (
        // Wraps on phones rather than widening the table.
        <Badge tone="warning" className="whitespace-normal">
          expiring{secret.expiresAt ? ` until ${dateTime.format(secret.expiresAt)}` : ""}
        </Badge>
      );
    default:
      return <Badge>{secret.status}</Badge>;
  }
}

const column = createColumnHelper<Secret>();

export function SecretsPanel({
  applicationId,
  className,
}: {
  applicationId: string;
  className?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secrets = useQuery(trpc.application.secrets.queryOptions({ applicationId }));
  const invalidate = () =>
    queryClient.invalidateQueries({
      queryKey: trpc.application.secrets.queryKey({ applicationId }),
    });
  const rotate = useMutation(
    trpc.application.rotateSecret.mutationOptions({ onSuccess: invalidate }),
  );
  const revoke = useMutation(
    trpc.application.revokeSecret.mutationOptions({ onSuccess: invalidate }),
  );
  const [graceSeconds, setGraceSeconds] = useState<number>(86400);
  const [issued, setIssued] = useState<string | null>(null);
  const { mutateAsync: revokeSecret } = revoke;

  const columns = useMemo(
    () => [
      column.accessor("prefix", {
        header: "Starts with",
        cell: (info) => <Code>{info.getValue()}…</Code>,
      }),
      column.accessor("createdAt", {
        header: "Created",
        meta: { className: "hidden whitespace-nowrap sm:table-cell" },
        cell: (info) => dateTime.format(info.getValue()),
      }),
      column.accessor("lastUsedAt", {
        header: "Last used",
        meta: { className: "hidden whitespace-nowrap md:table-cell" },
        cell: (info) => {
          const value = info.getValue();
          return value ? (
            dateTime.format(value)
          ) : (
            <span className="text-muted-foreground">never</span>
          );
        },
      }),
      column.accessor("status", {
        header: "Status",
        cell: (info) => <StatusBadge secret={info.row.original} />,
      }),
      column.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { className: "text-right" },
        cell: ({ row }) => {
          const secret = row.original;
          if (secret.status !== "active" && secret.status !== "expiring") return null;
          return (
            <ConfirmButton
              size="sm"
              aria-label={`Revoke the secret starting with ${secret.prefix}`}
              title={`Revoke the secret starting with ${secret.prefix}…?`}
              description="Applications that still use it can no longer get tokens, at once. This cannot be undone."
              confirmLabel="Revoke secret"
              onConfirm={async () => {
                // A failure shows under the table (revoke.error); the dialog closes either way.
                await revokeSecret({ applicationId, secretId: secret.id }).catch(() => undefined);
              }}
            >
              Revoke
            </ConfirmButton>
          );
        },
      }),
    ],
    [applicationId, revokeSecret],
  );

  const actionError = rotate.error ?? revoke.error;

  return (
    <Card id="secrets" aria-labelledby="secrets-title" className={className}>
      <CardHeader>
        <div>
          <CardTitle id="secrets-title">Client secrets</CardTitle>
          <CardDescription>
            Lotse stores only a hash of each secret. Rotate with a grace period to switch your
            servers without downtime; revoke a secret that leaked.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-5 *:min-w-0">
        {issued && <SecretOnce secret={issued} onDone={() => setIssued(null)} />}
        {secrets.error ? (
          <Alert tone="danger" title="The secrets could not be loaded">
            {secrets.error.message}
          </Alert>
        ) : (
          <div data-testid="secrets-table">
            <DataTable
              caption="Client secrets"
              columns={columns}
              data={secrets.data ?? []}
              getRowId={(secret) => secret.id}
              loading={secrets.isPending}
              empty="No secret. Rotate to issue one."
            />
          </div>
        )}
        {actionError && <Alert tone="danger">{actionError.message}</Alert>}
        <div className="grid gap-3 rounded-lg border border-border bg-muted/40 p-4">
          <div className="flex flex-wrap items-end gap-3">
            <Field
              label="Keep the current secret valid for"
              htmlFor="grace"
              className="min-w-0 flex-1 sm:max-w-xs"
            >
              <Select
                id="grace"
                aria-describedby="grace-consequence"
                value={graceSeconds}
                onChange={(event) => setGraceSeconds(Number(event.target.value))}
              >
                {GRACE_CHOICES.map(([seconds, label]) => (
                  <option key={seconds} value={seconds}>
                    {label}
                  </option>
                ))}
              </Select>
            </Field>
            {graceSeconds === 0 ? (
              // Without grace every previous secret ends at once: destructive, so it asks
              // first (docs/portal.md). With grace nothing breaks, so no dialog there.
              <ConfirmButton
                variant="destructive"
                title="Rotate without a grace period?"
                description="Every previous secret of this application stops working immediately: servers that still use one cannot get tokens until they have the new secret."
                confirmLabel="Rotate now"
                onConfirm={async () => {
                  // A failure shows below the table (rotate.error); the dialog closes either way.
                  const result = await rotate
                    .mutateAsync({ applicationId, graceSeconds })
                    .catch(() => null);
                  if (result) setIssued(result.clientSecret);
                }}
              >
                <RefreshCw aria-hidden />
                Rotate secret
              </ConfirmButton>
            ) : (
              <Button
                loading={rotate.isPending}
                onClick={() =>
                  rotate.mutate(
                    { applicationId, graceSeconds },
                    { onSuccess: (result) => setIssued(result.clientSecret) },
                  )
                }
              >
                <RefreshCw aria-hidden />
                Rotate secret
              </Button>
            )}
          </div>
          <p
            id="grace-consequence"
            className={
              graceSeconds === 0
                ? "m-0 text-sm text-destructive"
                : "m-0 text-sm text-muted-foreground"
            }
          >
            {graceSeconds === 0
              ? "Servers that still use the current secret stop getting tokens at once."
              : "A new secret is shown once; the current one keeps working until the grace period ends."}
          </p>
        </div>
      </CardContent>
    </Card>
  );
}
