"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Pencil, ShieldCheck } from "lucide-react";
import { useState } from "react";
import type { AdminUpstreamIdpOutput } from "@lotse/api/schemas";
import { Badge } from "@lotse/ui/badge";
import { Button } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { DataTable } from "@lotse/ui/data-table";
import { ConfirmButton, Dialog, DialogContent, DialogTrigger } from "@lotse/ui/dialog";
import { FieldError } from "@lotse/ui/field";
import { Code, EmptyState } from "@lotse/ui/layout";
import { useTRPC } from "~/trpc/react";
import { IdpDisplayForm } from "./idp-display-form";

function useInvalidateIdps() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.admin.upstreamIdps.queryKey() });
}

/** Edit (in a dialog) and enable or disable one IDP, with its own pending state and error. */
function IdpActions({ idp }: { idp: AdminUpstreamIdpOutput }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateIdps();
  const [editing, setEditing] = useState(false);
  const setEnabled = useMutation(
    trpc.admin.setUpstreamIdpEnabled.mutationOptions({ onSettled: invalidate }),
  );

  return (
    <div className="grid justify-items-end gap-1">
      <div className="flex justify-end gap-2">
        <Dialog open={editing} onOpenChange={setEditing}>
          <DialogTrigger asChild>
            <Button size="sm" variant="secondary">
              <Pencil aria-hidden />
              {/* Every row has these buttons: the sr-only suffix names the provider. */}
              Edit<span className="sr-only">: {idp.displayName}</span>
            </Button>
          </DialogTrigger>
          <DialogContent
            title={`Edit ${idp.displayName}`}
            description="How the IDP chooser shows this insurer."
          >
            <IdpDisplayForm
              idp={idp}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                void invalidate();
              }}
            />
          </DialogContent>
        </Dialog>
        {idp.enabled ? (
          <ConfirmButton
            size="sm"
            title={`Disable ${idp.displayName}?`}
            description="It disappears from the IDP chooser at once: its insured can no longer sign in to any application until you enable it again."
            confirmLabel="Disable provider"
            onConfirm={() =>
              setEnabled.mutateAsync({ idpId: idp.id, enabled: false }).then(
                () => undefined,
                () => undefined,
              )
            }
          >
            Disable<span className="sr-only">: {idp.displayName}</span>
          </ConfirmButton>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            loading={setEnabled.isPending}
            onClick={() => setEnabled.mutate({ idpId: idp.id, enabled: true })}
          >
            Enable<span className="sr-only">: {idp.displayName}</span>
          </Button>
        )}
      </div>
      <FieldError message={setEnabled.error?.message} className="text-right" />
    </div>
  );
}

const column = createColumnHelper<AdminUpstreamIdpOutput>();

const columns = [
  column.accessor("displayName", {
    header: "Display name",
    enableSorting: true,
    cell: (info) => {
      const idp = info.row.original;
      return (
        <span className="inline-flex items-center gap-2">
          {idp.logoUri ? (
            // eslint-disable-next-line @next/next/no-img-element -- arbitrary external logo hosts; next/image would need each one configured
            <img
              src={idp.logoUri}
              alt=""
              width={20}
              height={20}
              className="size-5 object-contain"
            />
          ) : (
            <ShieldCheck className="size-5 text-muted-foreground" aria-hidden />
          )}
          <span className="font-medium">{info.getValue()}</span>
          {idp.pkv && <Badge tone="info">PKV</Badge>}
        </span>
      );
    },
  }),
  column.accessor("issuer", {
    header: "Issuer",
    meta: { className: "hidden md:table-cell" },
    cell: (info) => <Code>{info.getValue()}</Code>,
  }),
  column.accessor("enabled", {
    header: "Status",
    cell: (info) =>
      info.getValue() ? (
        <Badge tone="success">enabled</Badge>
      ) : (
        <Badge tone="danger">disabled</Badge>
      ),
  }),
  column.display({
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    // `relative` keeps the sr-only (absolute) labels inside the scrolling table on phones.
    meta: { className: "relative text-right" },
    cell: (info) => <IdpActions idp={info.row.original} />,
  }),
];

export function IdpsTable({ initialIdps }: { initialIdps: AdminUpstreamIdpOutput[] }) {
  const trpc = useTRPC();
  const idps = useQuery(
    trpc.admin.upstreamIdps.queryOptions(undefined, { initialData: initialIdps }),
  );

  return (
    <Card aria-labelledby="idps-title">
      <CardHeader>
        <div>
          <CardTitle id="idps-title">Identity providers</CardTitle>
          <CardDescription>
            The insurers users choose from. A disabled provider disappears from the chooser; its
            issuer and client registration come from the federation and are not edited here.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent data-testid="admin-idps">
        <DataTable
          caption="Identity providers"
          columns={columns}
          data={idps.data}
          getRowId={(idp) => idp.issuer}
          rowTestId={(idp) => `idp-${idp.issuer}`}
          initialSorting={[{ id: "displayName", desc: false }]}
          empty={
            <EmptyState
              icon={<ShieldCheck />}
              title="No identity providers yet"
              description="The seed (pnpm db:seed) and the federation add them."
            />
          }
        />
      </CardContent>
    </Card>
  );
}
