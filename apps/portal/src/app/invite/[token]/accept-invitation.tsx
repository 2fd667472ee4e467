"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@lotse/ui/button";
import { FieldError } from "@lotse/ui/field";
import { useTRPC } from "~/trpc/react";

export function AcceptInvitation({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.organization.acceptInvitation.mutationOptions({
      onSuccess: () => {
        router.push("/dashboard");
        router.refresh();
      },
    }),
  );
  return (
    <div className="grid justify-items-center gap-2">
      <Button
        loading={accept.isPending || accept.isSuccess}
        onClick={() => accept.mutate({ token })}
      >
        Accept invitation
      </Button>
      <FieldError message={accept.error?.message} />
    </div>
  );
}
