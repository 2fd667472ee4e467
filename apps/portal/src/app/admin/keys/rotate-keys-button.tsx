"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RotateCw } from "lucide-react";
import { ConfirmButton } from "@lotse/ui/dialog";
import { FieldError } from "@lotse/ui/field";
import { useTRPC } from "~/trpc/react";

/**
 * Rotation from the console: promotion only, since the portal has no KEK to create keys
 * with (packages/api/src/services/admin/signing-keys.ts). The outcome, or why it was
 * refused, shows next to the button; the confirm dialog closes either way.
 */
export function RotateKeysButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rotate = useMutation(
    trpc.admin.rotateSigningKeys.mutationOptions({
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.admin.signingKeys.queryKey() }),
    }),
  );

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <ConfirmButton
        variant="secondary"
        confirmVariant="primary"
        title="Rotate the OIDC signing keys?"
        description="The next keys become current and the current keys are retired. Relying parties already hold the next keys: they have been published in the JWKS. The brokers sign with the new current keys after their next restart, which also creates the new next keys."
        confirmLabel="Rotate keys"
        onConfirm={() =>
          rotate.mutateAsync().then(
            () => undefined,
            () => undefined,
          )
        }
      >
        <RotateCw aria-hidden />
        Rotate signing keys
      </ConfirmButton>
      {rotate.isSuccess && (
        <p role="status" className="m-0 text-sm text-success" data-testid="rotate-result">
          Rotated. Restart the broker instances: they then sign with the new current keys.
        </p>
      )}
      <FieldError message={rotate.error?.message} />
    </div>
  );
}
