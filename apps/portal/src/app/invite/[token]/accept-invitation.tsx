"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../../../trpc/react";

export function AcceptInvitation({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(trpc.organization.acceptInvitation.mutationOptions());
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={accept.isPending}
        onClick={async () => {
          await accept.mutateAsync({ token });
          router.push("/dashboard");
          router.refresh();
        }}
      >
        Accept invitation
      </button>
      {accept.error && <p className="error">{accept.error.message}</p>}
    </>
  );
}
