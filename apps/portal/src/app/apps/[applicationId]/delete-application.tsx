"use client";
import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Alert } from "@lotse/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { cn } from "@lotse/ui/cn";
import { ConfirmButton } from "@lotse/ui/dialog";
import { useTRPC } from "~/trpc/react";

/** The danger zone: deleting ends every login of the application at once. */
export function DeleteApplication({
  application,
  className,
}: {
  application: { id: string; name: string; type: "PUBLIC" | "CONFIDENTIAL" };
  className?: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.application.delete.mutationOptions());
  const consequence =
    application.type === "CONFIDENTIAL"
      ? "Deleting removes the application and its client secrets. Sign-ins and token requests with its client id fail at once. This cannot be undone."
      : "Deleting removes the application. Sign-ins and token requests with its client id fail at once. This cannot be undone.";

  return (
    <Card
      id="danger-zone"
      aria-labelledby="danger-title"
      className={cn("border-destructive/40", className)}
    >
      <CardHeader>
        <div>
          <CardTitle id="danger-title">Danger zone</CardTitle>
          <CardDescription>{consequence}</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div>
          <ConfirmButton
            title={`Delete ${application.name}?`}
            description={consequence}
            confirmLabel="Delete application"
            onConfirm={async () => {
              // A failure shows below the button (remove.error); only a success leaves the page.
              const deleted = await remove.mutateAsync({ applicationId: application.id }).then(
                () => true,
                () => false,
              );
              if (!deleted) return;
              router.push("/dashboard");
              router.refresh();
            }}
          >
            <Trash2 aria-hidden />
            Delete application
          </ConfirmButton>
        </div>
        {remove.error && <Alert tone="danger">{remove.error.message}</Alert>}
      </CardContent>
    </Card>
  );
}
