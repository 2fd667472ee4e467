"use client";
import { useMutation } from "@tanstack/react-query";
import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { Alert } from "@lotse/ui/alert";
import { ConfirmButton } from "@lotse/ui/dialog";
import { useTRPC } from "~/trpc/react";

/** Leaving is removing oneself; the server refuses it for the last owner and says why. */
export function LeaveOrganization({
  organizationId,
  organizationName,
  currentUserId,
}: {
  organizationId: string;
  organizationName: string;
  currentUserId: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const leave = useMutation(
    trpc.organization.removeMember.mutationOptions({
      // Replace: "back" must not lead to the page of an organization one no longer sees.
      // The dashboard is dynamic, so it is rendered afresh without the organization.
      onSuccess: () => router.replace("/dashboard"),
    }),
  );
  return (
    <div className="grid grid-cols-1 justify-items-start gap-3">
      <ConfirmButton
        title={`Leave ${organizationName}?`}
        description="You lose access to the organization and its applications at once. To come back, you need a new invitation from an owner."
        confirmLabel="Leave organization"
        onConfirm={async () => {
          // The error is shown below the button (the dialog closes either way).
          await leave.mutateAsync({ organizationId, userId: currentUserId }).catch(() => {});
        }}
      >
        <LogOut aria-hidden />
        Leave organization
      </ConfirmButton>
      {leave.error && (
        <Alert tone="danger" data-testid="leave-error" className="w-full">
          {leave.error.message}
        </Alert>
      )}
    </div>
  );
}
