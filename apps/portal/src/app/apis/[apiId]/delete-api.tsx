"use client";
import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Alert } from "@lotse/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { ConfirmButton } from "@lotse/ui/dialog";
import { useTRPC } from "~/trpc/react";

/** The danger zone: deleting an API takes its scopes from every application. */
export function DeleteApi({
  resource,
}: {
  resource: { id: string; name: string; organizationId: string };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.api.delete.mutationOptions());
  const consequence =
    "Deleting removes the API, its scopes from every application and it from their token-exchange audiences. No new tokens are issued for it; tokens already issued stay valid until they expire. This cannot be undone.";
  return (
    <Card aria-labelledby="danger-title" className="border-destructive/40">
      <CardHeader>
        <div>
          <CardTitle id="danger-title">Danger zone</CardTitle>
          <CardDescription>{consequence}</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div>
          <ConfirmButton
            title={`Delete ${resource.name}?`}
            description={consequence}
            confirmLabel="Delete API"
            data-testid="api-delete"
            onConfirm={async () => {
              const deleted = await remove.mutateAsync({ apiId: resource.id }).then(
                () => true,
                () => false,
              );
              if (!deleted) return;
              router.push(`/orgs/${resource.organizationId}#apis`);
              router.refresh();
            }}
          >
            <Trash2 aria-hidden />
            Delete API
          </ConfirmButton>
        </div>
        {remove.error && <Alert tone="danger">{remove.error.message}</Alert>}
      </CardContent>
    </Card>
  );
}
